using System.Data.Common;
using System.Globalization;

namespace Weir.DuckDb.Ingest;

/// <summary>One column of a database source's result: its name, how it is read, and its DuckDB type.</summary>
internal sealed class SourceColumn
{
    private const int DefaultPrecision = 38;
    private const int DefaultScale = 10;

    private readonly bool _sqliteStorage;

    private SourceColumn(string name, SourceValueKind kind, string duckDbType, bool sqlite = false)
    {
        Name = name;
        Kind = kind;
        DuckDbType = duckDbType;
        // SQLite keeps text it cannot convert in a numeric column, and its driver reads that text as 0: check the value's storage.
        _sqliteStorage = sqlite && kind is SourceValueKind.Int64 or SourceValueKind.Double or SourceValueKind.Boolean;
    }

    public string Name { get; }

    public SourceValueKind Kind { get; }

    /// <summary>The DuckDB type of the column in the staging table.</summary>
    public string DuckDbType { get; }

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
            if (kind == SourceValueKind.Decimal)
            {
                duckDbType = DecimalType(schema[i]);
            }

            columns[i] = new SourceColumn(reader.GetName(i), kind, duckDbType, sqlite);
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
    /// Writes the column's value in the current row of <paramref name="reader"/> to column <paramref name="column"/> of
    /// the appender's current row, read as <see cref="Read"/> reads it but without boxing it (the ingest loop's hot path).
    /// </summary>
    public void Append(DbDataReader reader, int ordinal, VectorAppender appender, int column)
    {
        if (reader.IsDBNull(ordinal))
        {
            appender.AppendNull(column);
            return;
        }

        switch (Kind)
        {
            case SourceValueKind.Boolean:
                appender.Append(column, reader.GetBoolean(ordinal));
                break;
            case SourceValueKind.Int16:
                appender.Append(column, reader.GetInt16(ordinal));
                break;
            case SourceValueKind.Int32:
                appender.Append(column, reader.GetInt32(ordinal));
                break;
            case SourceValueKind.Int64:
                appender.Append(column, reader.GetInt64(ordinal));
                break;
            case SourceValueKind.Float:
                appender.Append(column, reader.GetFloat(ordinal));
                break;
            case SourceValueKind.Double:
                appender.Append(column, reader.GetDouble(ordinal));
                break;
            case SourceValueKind.Decimal:
                appender.Append(column, reader.GetDecimal(ordinal));
                break;
            case SourceValueKind.Text:
                appender.Append(column, reader.GetString(ordinal));
                break;
            case SourceValueKind.Date:
                appender.Append(column, DateOnly.FromDateTime(reader.GetDateTime(ordinal)));
                break;
            case SourceValueKind.Timestamp:
                appender.Append(column, reader.GetDateTime(ordinal));
                break;
            case SourceValueKind.TimestampTz:
                appender.Append(column, Utc(reader.GetDateTime(ordinal)));
                break;
            case SourceValueKind.Time:
                appender.Append(column, reader.GetFieldValue<TimeOnly>(ordinal));
                break;
            case SourceValueKind.Interval:
                appender.Append(column, reader.GetFieldValue<TimeSpan>(ordinal));
                break;
            case SourceValueKind.Uuid:
                appender.Append(column, reader.GetGuid(ordinal));
                break;
            case SourceValueKind.Blob:
                appender.Append(column, reader.GetFieldValue<byte[]>(ordinal).AsSpan());
                break;
            default:
                if (Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) is { } text)
                {
                    appender.Append(column, text);
                }
                else
                {
                    appender.AppendNull(column);
                }

                break;
        }
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
    private static string DecimalType(DbColumn column)
    {
        var precision = column.NumericPrecision is > 0 and <= DefaultPrecision ? column.NumericPrecision.Value : DefaultPrecision;
        // With a declared precision the scale is declared too; the driver reports a scale of 0 as none.
        var scale = column.NumericPrecision is > 0 and <= DefaultPrecision
            ? Math.Min(column.NumericScale is >= 0 and <= DefaultPrecision ? column.NumericScale.Value : 0, precision)
            : DefaultScale;
        return string.Create(CultureInfo.InvariantCulture, $"DECIMAL({precision},{scale})");
    }
}
