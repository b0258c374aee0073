using System.Globalization;
using System.Text;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Reads a DuckDB type as <c>DESCRIBE</c> prints it (<c>DECIMAL(10,2)</c>, <c>STRUCT("a b" INTEGER, c VARCHAR[])</c>,
/// <c>MAP(VARCHAR, DOUBLE)</c>, …) into the Delta type that holds it. Types Delta lacks are widened (unsigned integers,
/// HUGEINT) or written as strings (UUID, TIME, INTERVAL, ENUM, JSON, UNION, …); such a type is not <em>exact</em>, and
/// the writer casts the column to the Delta type's DuckDB form before writing.
/// </summary>
internal ref struct DuckDbTypeParser
{
    private readonly string _text;
    private int _position;
    private bool _exact;

    private DuckDbTypeParser(string text)
    {
        _text = text;
        _exact = true;
    }

    /// <summary>Converts <paramref name="duckDbType"/>; <paramref name="exact"/> tells whether no cast is needed.</summary>
    public static DeltaType Parse(string duckDbType, out bool exact)
    {
        var parser = new DuckDbTypeParser(duckDbType);
        var type = parser.ReadType();
        parser.SkipSpaces();
        if (parser._position != duckDbType.Length)
        {
            throw new FormatException($"Unexpected text in DuckDB type '{duckDbType}' at {parser._position}.");
        }

        exact = parser._exact;
        return type;
    }

    private DeltaType ReadType()
    {
        SkipSpaces();
        var name = ReadWord().ToUpperInvariant();
        DeltaType type;
        switch (name)
        {
            case "STRUCT":
                type = ReadStruct();
                break;
            case "MAP":
                Expect('(');
                var key = ReadType();
                Expect(',');
                var value = ReadType();
                Expect(')');
                type = new DeltaMapType(key, value, valueContainsNull: true);
                break;
            case "DECIMAL" or "NUMERIC":
                type = ReadDecimal();
                break;
            case "TIMESTAMP" or "TIME" when TryReadWords("WITH", "TIME", "ZONE"):
                type = Primitive(name == "TIMESTAMP" ? "timestamp" : "string", exact: name == "TIMESTAMP");
                break;
            default:
                // ENUM('a', 'b'), UNION(k INTEGER), VARCHAR(10), …: the arguments do not change the Delta type.
                var hasArguments = SkipArguments();
                type = MapSimple(name, hasArguments);
                break;
        }

        while (Peek() == '[')
        {
            _position++;
            var close = _text.IndexOf(']', _position);
            if (close < 0)
            {
                throw new FormatException($"Unclosed '[' in DuckDB type '{_text}'.");
            }

            if (close > _position)
            {
                // A fixed-size ARRAY: Delta has only variable lists, so it is cast to one.
                _exact = false;
            }

            _position = close + 1;
            type = new DeltaArrayType(type, containsNull: true);
        }

        return type;
    }

    private DeltaType MapSimple(string name, bool hasArguments)
    {
        switch (name)
        {
            case "BOOLEAN" or "BOOL":
                return Primitive("boolean", true);
            case "TINYINT" or "INT1":
                return Primitive("byte", true);
            case "SMALLINT" or "INT2" or "SHORT":
                return Primitive("short", true);
            case "INTEGER" or "INT4" or "INT" or "SIGNED":
                return Primitive("integer", true);
            case "BIGINT" or "INT8" or "LONG":
                return Primitive("long", true);
            case "UTINYINT":
                return Primitive("short", false);
            case "USMALLINT":
                return Primitive("integer", false);
            case "UINTEGER":
                return Primitive("long", false);
            case "UBIGINT":
                return Primitive("decimal(20,0)", false);
            case "HUGEINT" or "UHUGEINT" or "INT128" or "UINT128":
                return Primitive("decimal(38,0)", false);
            case "FLOAT" or "REAL" or "FLOAT4":
                return Primitive("float", true);
            case "DOUBLE" or "FLOAT8":
                return Primitive("double", true);
            case "VARCHAR" or "TEXT" or "STRING" or "CHAR" or "BPCHAR":
                return Primitive("string", !hasArguments);
            case "BLOB" or "BYTEA" or "BINARY" or "VARBINARY":
                return Primitive("binary", true);
            case "DATE":
                return Primitive("date", true);
            case "TIMESTAMP" or "DATETIME":
                return Primitive("timestamp_ntz", true);
            case "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS":
                return Primitive("timestamp_ntz", false);
            case "TIMESTAMPTZ":
                return Primitive("timestamp", true);
            default:
                // UUID, JSON, TIME, INTERVAL, ENUM, BIT, BIGNUM, UNION, VARIANT, GEOMETRY, …: kept as text.
                return Primitive("string", false);
        }
    }

    private DeltaPrimitiveType Primitive(string name, bool exact)
    {
        _exact &= exact;
        return new DeltaPrimitiveType(name);
    }

    private DeltaPrimitiveType ReadDecimal()
    {
        if (Peek() != '(')
        {
            return new DeltaPrimitiveType("decimal(18,3)");
        }

        _position++;
        var precision = ReadNumber();
        var scale = 0;
        SkipSpaces();
        if (Peek() == ',')
        {
            _position++;
            scale = ReadNumber();
        }

        Expect(')');
        return new DeltaPrimitiveType(string.Create(CultureInfo.InvariantCulture, $"decimal({precision},{scale})"));
    }

    private DeltaStructType ReadStruct()
    {
        Expect('(');
        var fields = new List<DeltaStructField>();
        while (true)
        {
            SkipSpaces();
            var name = Peek() == '"' ? ReadQuoted() : ReadWord();
            var type = ReadType();
            fields.Add(new DeltaStructField(name, type));
            SkipSpaces();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect(')');
            return new DeltaStructType(fields);
        }
    }

    private bool SkipArguments()
    {
        SkipSpaces();
        if (Peek() != '(')
        {
            return false;
        }

        var depth = 0;
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c is '\'' or '"')
            {
                var close = _text.IndexOf(c, _position);
                while (close >= 0 && close + 1 < _text.Length && _text[close + 1] == c)
                {
                    close = _text.IndexOf(c, close + 2);
                }

                _position = close < 0 ? _text.Length : close + 1;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                return true;
            }
        }

        throw new FormatException($"Unclosed '(' in DuckDB type '{_text}'.");
    }

    private bool TryReadWords(params string[] words)
    {
        var start = _position;
        foreach (var word in words)
        {
            SkipSpaces();
            if (!char.IsLetter(Peek()) || !string.Equals(ReadWord(), word, StringComparison.OrdinalIgnoreCase))
            {
                _position = start;
                return false;
            }
        }

        return true;
    }

    private string ReadWord()
    {
        SkipSpaces();
        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        if (_position == start)
        {
            throw new FormatException($"Expected a name in DuckDB type '{_text}' at {start}.");
        }

        return _text[start.._position];
    }

    private string ReadQuoted()
    {
        var name = new StringBuilder();
        _position++;
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                if (Peek() == '"')
                {
                    name.Append('"');
                    _position++;
                    continue;
                }

                return name.ToString();
            }

            name.Append(c);
        }

        throw new FormatException($"Unclosed quote in DuckDB type '{_text}'.");
    }

    private int ReadNumber()
    {
        SkipSpaces();
        var start = _position;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }

        return int.Parse(_text.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (Peek() != c)
        {
            throw new FormatException($"Expected '{c}' in DuckDB type '{_text}' at {_position}.");
        }

        _position++;
    }

    private readonly char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipSpaces()
    {
        while (_position < _text.Length && _text[_position] == ' ')
        {
            _position++;
        }
    }
}
