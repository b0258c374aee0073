using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace Weir.DuckDb.Ingest;

/// <summary>One column of a database source's result: its name, how it is read, and its DuckDB type.</summary>
internal sealed class SourceColumn
{
    private const int DefaultPrecision = 38;
    private const int DefaultScale = 10;

    private readonly bool _sqliteStorage;

    private const int MaxInt64Precision = 18;

    private static readonly decimal[] s_powersOfTen = [.. Enumerable.Range(0, MaxInt64Precision + 1).Select(i => (decimal)Math.Pow(10, i))];

    private SourceColumn(string name, SourceValueKind kind, string duckDbType, bool sqlite = false, int? int64Scale = null)
    {
        Name = name;
        Kind = kind;
        DuckDbType = duckDbType;
        Int64Scale = int64Scale;
        // SQLite keeps text it cannot convert in a numeric column, and its driver reads that text as 0: check the value's storage.
        _sqliteStorage = sqlite && kind is SourceValueKind.Int64 or SourceValueKind.Double or SourceValueKind.Boolean;
    }

    public string Name { get; }

    public SourceValueKind Kind { get; }

    /// <summary>The DuckDB type of the column in the staging table.</summary>
    public string DuckDbType { get; }

    /// <summary>
    /// For a PostgreSQL <c>numeric</c> of at most 18 digits (a DuckDB DECIMAL held in 64 bits), its scale: such a column
    /// can be staged as its unscaled BIGINT (<see cref="AppendUnscaled"/>) and turned into <see cref="DuckDbType"/> after
    /// the read (<see cref="FromUnscaled"/>), which spares the appender's per-value decimal conversion.
    /// </summary>
    public int? Int64Scale { get; }

    /// <summary>The columns of <paramref name="reader"/>, typed from the PostgreSQL type names or SQLite declared types.</summary>
    public static IReadOnlyList<SourceColumn> Describe(DbDataReader reader, bool sqlite)
    {
        var schema = reader.GetColumnSchema();
        var columns = new SourceColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var typeName = reader.GetDataTypeName(i) ?? string.Empty;
            var kind = sqlite ? SqliteKind(typeName) : PostgresKind(typeName, reader.GetFieldType(i));
            var duckDbType = DuckDbTypeOf(kind);
            int? int64Scale = null;
            if (kind == SourceValueKind.Decimal)
            {
                duckDbType = DecimalType(schema[i], out var precision, out var scale);
                int64Scale = !sqlite && precision <= MaxInt64Precision ? scale : null;
            }

            columns[i] = new SourceColumn(reader.GetName(i), kind, duckDbType, sqlite, int64Scale);
        }

        return columns;
    }

    /// <summary>Whether a value of this column can be refused by <see cref="Validate"/> (SQLite numeric columns).</summary>
    public bool MayRefuse => _sqliteStorage;

    /// <summary>Throws when the current row's value cannot be given in the column's type; NULL is always fine.</summary>
    /// <exception cref="FormatException">A SQLite value is stored as text (or a fraction) in a numeric column.</exception>
    public void Validate(DbDataReader reader, int ordinal)
    {
        if (_sqliteStorage && !reader.IsDBNull(ordinal))
        {
            CheckSqliteStorage(reader, ordinal);
        }
    }

    /// <summary>
    /// Reads the column's value from the current row in the type it is compared and appended as (a cursor's watermark
    /// is this value), or <see langword="null"/> for SQL NULL.
    /// </summary>
    /// <exception cref="FormatException">A SQLite value is stored as text (or a fraction) in a numeric column.</exception>
    public object? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        if (_sqliteStorage)
        {
            CheckSqliteStorage(reader, ordinal);
        }

        return Kind switch
        {
            SourceValueKind.Boolean => reader.GetBoolean(ordinal),
            SourceValueKind.Int16 => reader.GetInt16(ordinal),
            SourceValueKind.Int32 => reader.GetInt32(ordinal),
            SourceValueKind.Int64 => reader.GetInt64(ordinal),
            SourceValueKind.Float => reader.GetFloat(ordinal),
            SourceValueKind.Double => reader.GetDouble(ordinal),
            SourceValueKind.Decimal => reader.GetDecimal(ordinal),
            SourceValueKind.Text => reader.GetString(ordinal),
            SourceValueKind.Date => DateOnly.FromDateTime(reader.GetDateTime(ordinal)),
            SourceValueKind.Timestamp => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Unspecified),
            SourceValueKind.TimestampTz => Utc(reader.GetDateTime(ordinal)),
            SourceValueKind.Time => reader.GetFieldValue<TimeOnly>(ordinal),
            SourceValueKind.Interval => reader.GetFieldValue<TimeSpan>(ordinal),
            SourceValueKind.Uuid => reader.GetGuid(ordinal),
            SourceValueKind.Blob => reader.GetFieldValue<byte[]>(ordinal),
            _ => Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Appends the column's value in the current row as its unscaled 64-bit integer (the value times 10^<see cref="Int64Scale"/>,
    /// truncated as DuckDB.NET's decimal appender truncates), for a column staged as BIGINT.
    /// </summary>
    public void AppendUnscaled(DbDataReader reader, int ordinal, IDuckDBAppenderRow row)
    {
        if (reader.IsDBNull(ordinal))
        {
            row.AppendNullValue();
            return;
        }

        row.AppendValue(Unscaled(reader.GetDecimal(ordinal), Int64Scale!.Value));
    }

    /// <summary>The SQL that turns the unscaled BIGINT <paramref name="column"/> back into <see cref="DuckDbType"/>, exactly.</summary>
    public string FromUnscaled(string column) => Int64Scale is not > 0
        ? $"CAST({column} AS {DuckDbType})"
        // A decimal product keeps every digit (its scale is the sum of the scales): u × 0.0…1 is u / 10^scale exactly.
        : string.Create(
            CultureInfo.InvariantCulture,
            $"CAST(CAST({column} AS DECIMAL(18,0)) * CAST('0.{new string('0', Int64Scale.Value - 1)}1' AS DECIMAL({Int64Scale + 1},{Int64Scale})) AS {DuckDbType})");

    /// <summary><paramref name="value"/> times 10^<paramref name="scale"/> as an integer: the decimal's own digits when it has that scale.</summary>
    internal static long Unscaled(decimal value, int scale)
    {
        if (value.Scale == scale)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            if (bits[2] == 0 && magnitude <= long.MaxValue)
            {
                return bits[3] < 0 ? -(long)magnitude : (long)magnitude;
            }
        }

        return (long)decimal.Multiply(value, s_powersOfTen[scale]);
    }

    /// <summary>
    /// Appends the column's value in the current row of <paramref name="reader"/> to the appender's current row, read
    /// as <see cref="Read"/> reads it but without boxing it (the ingest loop's hot path).
    /// </summary>
    public void Append(DbDataReader reader, int ordinal, IDuckDBAppenderRow row)
    {
        if (reader.IsDBNull(ordinal))
        {
            row.AppendNullValue();
            return;
        }

        _ = Kind switch
        {
            SourceValueKind.Boolean => row.AppendValue(reader.GetBoolean(ordinal)),
            SourceValueKind.Int16 => row.AppendValue(reader.GetInt16(ordinal)),
            SourceValueKind.Int32 => row.AppendValue(reader.GetInt32(ordinal)),
            SourceValueKind.Int64 => row.AppendValue(reader.GetInt64(ordinal)),
            SourceValueKind.Float => row.AppendValue(reader.GetFloat(ordinal)),
            SourceValueKind.Double => row.AppendValue(reader.GetDouble(ordinal)),
            SourceValueKind.Decimal => row.AppendValue(reader.GetDecimal(ordinal)),
            SourceValueKind.Text => row.AppendValue(reader.GetString(ordinal)),
            SourceValueKind.Date => row.AppendValue(DateOnly.FromDateTime(reader.GetDateTime(ordinal))),
            SourceValueKind.Timestamp => row.AppendValue(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Unspecified)),
            SourceValueKind.TimestampTz => row.AppendValue(new DateTimeOffset(Utc(reader.GetDateTime(ordinal)), TimeSpan.Zero)),
            SourceValueKind.Time => row.AppendValue(reader.GetFieldValue<TimeOnly>(ordinal)),
            SourceValueKind.Interval => row.AppendValue(reader.GetFieldValue<TimeSpan>(ordinal)),
            SourceValueKind.Uuid => row.AppendValue(reader.GetGuid(ordinal)),
            SourceValueKind.Blob => row.AppendValue(reader.GetFieldValue<byte[]>(ordinal)),
            _ => Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) is { } text ? row.AppendValue(text) : row.AppendNullValue(),
        };
    }

    /// <summary>Appends a value <see cref="Read"/> returned to the appender's current row.</summary>
    public static void Append(IDuckDBAppenderRow row, object? value)
    {
        _ = value switch
        {
            null => row.AppendNullValue(),
            bool b => row.AppendValue(b),
            short s => row.AppendValue(s),
            int n => row.AppendValue(n),
            long l => row.AppendValue(l),
            float f => row.AppendValue(f),
            double d => row.AppendValue(d),
            decimal m => row.AppendValue(m),
            string text => row.AppendValue(text),
            DateOnly date => row.AppendValue(date),
            DateTime { Kind: DateTimeKind.Utc } instant => row.AppendValue(new DateTimeOffset(instant, TimeSpan.Zero)),
            DateTime timestamp => row.AppendValue(timestamp),
            TimeOnly time => row.AppendValue(time),
            TimeSpan interval => row.AppendValue(interval),
            Guid uuid => row.AppendValue(uuid),
            byte[] bytes => row.AppendValue(bytes),
            _ => row.AppendValue(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };
    }

    private void CheckSqliteStorage(DbDataReader reader, int ordinal)
    {
        var stored = reader.GetFieldType(ordinal);
        var fits = stored == typeof(long) || (Kind == SourceValueKind.Double && stored == typeof(double));
        if (!fits)
        {
            var value = reader.GetValue(ordinal);
            var shown = value is string text ? $"\"{text}\"" : Convert.ToString(value, CultureInfo.InvariantCulture);
            throw new FormatException($"{shown} is not {DuckDbType}");
        }
    }

    /// <summary>A timestamptz value as UTC.</summary>
    internal static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>PostgreSQL types by name (Npgsql's <c>GetDataTypeName</c>), falling back on the CLR type.</summary>
    private static SourceValueKind PostgresKind(string typeName, Type fieldType)
    {
        var name = typeName.ToLowerInvariant();
        return name switch
        {
            "boolean" => SourceValueKind.Boolean,
            "smallint" => SourceValueKind.Int16,
            "integer" => SourceValueKind.Int32,
            "bigint" => SourceValueKind.Int64,
            "real" => SourceValueKind.Float,
            "double precision" => SourceValueKind.Double,
            "date" => SourceValueKind.Date,
            "uuid" => SourceValueKind.Uuid,
            "bytea" => SourceValueKind.Blob,
            "interval" => SourceValueKind.Interval,
            "text" or "name" or "citext" => SourceValueKind.Text,
            _ when name.StartsWith("numeric", StringComparison.Ordinal) => SourceValueKind.Decimal,
            _ when name.StartsWith("character", StringComparison.Ordinal) => SourceValueKind.Text,
            _ when name.StartsWith("timestamp", StringComparison.Ordinal) =>
                name.Contains("with time zone", StringComparison.Ordinal) && !name.Contains("without", StringComparison.Ordinal)
                    ? SourceValueKind.TimestampTz
                    : SourceValueKind.Timestamp,
            _ when name.StartsWith("time", StringComparison.Ordinal) && !name.Contains("with time zone", StringComparison.Ordinal)
                => SourceValueKind.Time,
            _ when fieldType == typeof(string) => SourceValueKind.Text,
            _ => SourceValueKind.Other,
        };
    }

    /// <summary>SQLite declared types, by SQLite's affinity rules plus the usual date, time and boolean names.</summary>
    private static SourceValueKind SqliteKind(string declared)
    {
        var name = declared.ToUpperInvariant();
        return name switch
        {
            _ when name.Contains("BOOL", StringComparison.Ordinal) => SourceValueKind.Boolean,
            _ when name.Contains("INT", StringComparison.Ordinal) => SourceValueKind.Int64,
            _ when name.Contains("DATETIME", StringComparison.Ordinal) || name.Contains("TIMESTAMP", StringComparison.Ordinal)
                => SourceValueKind.Timestamp,
            _ when name.Contains("DATE", StringComparison.Ordinal) => SourceValueKind.Date,
            _ when name.Contains("CHAR", StringComparison.Ordinal) || name.Contains("CLOB", StringComparison.Ordinal)
                || name.Contains("TEXT", StringComparison.Ordinal) => SourceValueKind.Text,
            _ when name.Contains("BLOB", StringComparison.Ordinal) => SourceValueKind.Blob,
            _ when name.Contains("REAL", StringComparison.Ordinal) || name.Contains("FLOA", StringComparison.Ordinal)
                || name.Contains("DOUB", StringComparison.Ordinal) => SourceValueKind.Double,
            _ when name.Contains("DECIMAL", StringComparison.Ordinal) || name.Contains("NUMERIC", StringComparison.Ordinal)
                => SourceValueKind.Decimal,
            _ when name.Contains("UUID", StringComparison.Ordinal) || name.Contains("GUID", StringComparison.Ordinal) => SourceValueKind.Uuid,
            _ => SourceValueKind.Other,
        };
    }

    private static string DuckDbTypeOf(SourceValueKind kind) => kind switch
    {
        SourceValueKind.Boolean => "BOOLEAN",
        SourceValueKind.Int16 => "SMALLINT",
        SourceValueKind.Int32 => "INTEGER",
        SourceValueKind.Int64 => "BIGINT",
        SourceValueKind.Float => "FLOAT",
        SourceValueKind.Double => "DOUBLE",
        SourceValueKind.Date => "DATE",
        SourceValueKind.Timestamp => "TIMESTAMP",
        SourceValueKind.TimestampTz => "TIMESTAMPTZ",
        SourceValueKind.Time => "TIME",
        SourceValueKind.Interval => "INTERVAL",
        SourceValueKind.Uuid => "UUID",
        SourceValueKind.Blob => "BLOB",
        _ => "VARCHAR",
    };

    /// <summary>
    /// The declared precision and scale when DuckDB can hold them; an unconstrained numeric becomes DECIMAL(38,10).
    /// </summary>
    private static string DecimalType(DbColumn column, out int precision, out int scale)
    {
        precision = column.NumericPrecision is > 0 and <= DefaultPrecision ? column.NumericPrecision.Value : DefaultPrecision;
        // With a declared precision the scale is declared too; the driver reports a scale of 0 as none.
        scale = column.NumericPrecision is > 0 and <= DefaultPrecision
            ? Math.Min(column.NumericScale is >= 0 and <= DefaultPrecision ? column.NumericScale.Value : 0, precision)
            : DefaultScale;
        return string.Create(CultureInfo.InvariantCulture, $"DECIMAL({precision},{scale})");
    }
}
