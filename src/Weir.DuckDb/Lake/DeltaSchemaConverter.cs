using System.Text;
using System.Text.Json;
using Weir.Engine;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Converts between DuckDB column types and Delta's schema string (<c>metaData.schemaString</c>). DuckDB types without
/// a Delta twin are widened (UTINYINT → short, UBIGINT → decimal(20,0), HUGEINT → decimal(38,0)), fixed-size arrays
/// become arrays, and the rest (UUID, TIME, INTERVAL, ENUM, JSON, UNION, …) become strings. DuckDB's TIMESTAMP is
/// Delta's <c>timestamp_ntz</c> (stored with isAdjustedToUTC = false) and TIMESTAMP WITH TIME ZONE is <c>timestamp</c>.
/// </summary>
public static class DeltaSchemaConverter
{
    /// <summary>The Delta table feature that <c>timestamp_ntz</c> columns require (reader 3, writer 7).</summary>
    public const string TimestampNtzFeature = "timestampNtz";

    /// <summary>The Delta schema string (a struct, every field nullable) for <paramref name="columns"/>.</summary>
    /// <exception cref="FormatException">A type is not a DuckDB type this converter can read.</exception>
    public static string FromDuckDbColumns(IEnumerable<DuckDbColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return ToStruct(columns, out _).ToJson();
    }

    /// <summary>The DuckDB columns (name and type) that hold a table of schema <paramref name="schemaString"/>.</summary>
    /// <exception cref="FormatException">The schema string is not a Delta struct type.</exception>
    public static IReadOnlyList<DuckDbColumn> ToDuckDbColumns(string schemaString)
    {
        ArgumentNullException.ThrowIfNull(schemaString);
        return DeltaStructType.Parse(schemaString).Fields.Select(f => new DuckDbColumn(f.Name, f.Type.ToDuckDb())).ToList();
    }

    /// <summary>The Delta type (schema JSON: <c>"integer"</c>, <c>{"type":"array",…}</c>) for a DuckDB type.</summary>
    public static string ToDeltaType(string duckDbType)
    {
        ArgumentNullException.ThrowIfNull(duckDbType);
        var type = DuckDbTypeParser.Parse(duckDbType, out _);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, DeltaType.JsonOptions))
        {
            type.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The DuckDB type for a Delta type given as schema JSON (<c>"long"</c>, <c>{"type":"map",…}</c>).</summary>
    public static string ToDuckDbType(string deltaTypeJson)
    {
        ArgumentNullException.ThrowIfNull(deltaTypeJson);
        using var document = JsonDocument.Parse(deltaTypeJson);
        return DeltaType.Read(document.RootElement).ToDuckDb();
    }

    /// <summary>
    /// The table features a schema needs beyond reader 1 / writer 2: <see cref="TimestampNtzFeature"/> when any
    /// (nested) field is a <c>timestamp_ntz</c>.
    /// </summary>
    public static IReadOnlyList<string> RequiredTableFeatures(string schemaString)
    {
        ArgumentNullException.ThrowIfNull(schemaString);
        return UsesTimestampNtz(DeltaStructType.Parse(schemaString)) ? [TimestampNtzFeature] : [];
    }

    /// <summary>Describes <paramref name="select"/> with DuckDB and returns its Delta schema string.</summary>
    public static async Task<string> DescribeAsync(ISqlSession session, string select, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(select);
        var columns = await DescribeColumnsAsync(session, select, cancellationToken).ConfigureAwait(false);
        return FromDuckDbColumns(columns);
    }

    internal static async Task<IReadOnlyList<DuckDbColumn>> DescribeColumnsAsync(
        ISqlSession session,
        string select,
        CancellationToken cancellationToken)
    {
        var result = await session.QueryAsync("DESCRIBE " + select, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.Rows.Select(r => new DuckDbColumn((string)r[0]!, (string)r[1]!)).ToList();
    }

    internal static DeltaStructType ToStruct(IEnumerable<DuckDbColumn> columns, out IReadOnlyList<bool> exact)
    {
        var fields = new List<DeltaStructField>();
        var exactness = new List<bool>();
        foreach (var column in columns)
        {
            fields.Add(new DeltaStructField(column.Name, DuckDbTypeParser.Parse(column.Type, out var isExact)));
            exactness.Add(isExact);
        }

        exact = exactness;
        return new DeltaStructType(fields);
    }

    private static bool UsesTimestampNtz(DeltaType type) => type switch
    {
        DeltaPrimitiveType primitive => primitive.Kind == DeltaValueKind.TimestampNtz,
        DeltaStructType structType => structType.Fields.Any(f => UsesTimestampNtz(f.Type)),
        DeltaArrayType array => UsesTimestampNtz(array.ElementType),
        DeltaMapType map => UsesTimestampNtz(map.KeyType) || UsesTimestampNtz(map.ValueType),
        _ => false,
    };
}
