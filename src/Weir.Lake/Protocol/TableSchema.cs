using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Weir.Lake.Protocol;

/// <summary>
/// A Delta table schema: the struct type of <c>metaData.schemaString</c> (Spark's JSON schema format), with the
/// mapping between Delta's primitive types and DuckDB's SQL types.
/// </summary>
public sealed class TableSchema
{
    /// <summary>Creates a schema from its top-level fields.</summary>
    /// <exception cref="ArgumentException">Two fields have the same name (ignoring case).</exception>
    public TableSchema(IEnumerable<SchemaField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = [.. fields];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in Fields)
        {
            if (!seen.Add(field.Name))
            {
                throw new ArgumentException($"The schema has two columns named '{field.Name}' (names are unique regardless of case).",
                    nameof(fields));
            }
        }
    }

    /// <summary>The top-level columns, in order.</summary>
    public IReadOnlyList<SchemaField> Fields { get; }

    /// <summary>The column named <paramref name="name"/> (case-insensitive, as Delta compares names), or null.</summary>
    public SchemaField? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var field in Fields)
        {
            if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>Parses a <c>schemaString</c>.</summary>
    /// <exception cref="FormatException">The text is not a Delta struct schema.</exception>
    public static TableSchema Parse(string schemaString)
    {
        ArgumentNullException.ThrowIfNull(schemaString);
        try
        {
            using var document = JsonDocument.Parse(schemaString);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || DeltaJson.GetString(root, "type") != "struct"
                || !root.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("A Delta schema is a JSON object {\"type\":\"struct\",\"fields\":[…]}.");
            }

            return new TableSchema(fields.EnumerateArray().Select(ParseField).ToList());
        }
        catch (JsonException e)
        {
            throw new FormatException($"The schema string is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Serializes the schema as a <c>schemaString</c>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = DeltaJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "struct");
            writer.WriteStartArray("fields");
            foreach (var field in Fields)
            {
                writer.WriteStartObject();
                writer.WriteString("name", field.Name);
                writer.WritePropertyName("type");
                if (field.IsPrimitive)
                {
                    writer.WriteStringValue(field.Type);
                }
                else
                {
                    writer.WriteRawValue(field.Type);
                }

                writer.WriteBoolean("nullable", field.Nullable);
                writer.WriteStartObject("metadata");
                foreach (var (key, value) in field.Metadata)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Maps a Delta type to DuckDB's SQL type: string→VARCHAR, long→BIGINT, integer→INTEGER, short→SMALLINT,
    /// byte→TINYINT, float→FLOAT, double→DOUBLE, boolean→BOOLEAN, binary→BLOB, date→DATE, timestamp→TIMESTAMPTZ,
    /// timestamp_ntz→TIMESTAMP, decimal(p,s)→DECIMAL(p,s); struct, array and map JSON map to STRUCT(…), T[] and MAP(K, V).
    /// </summary>
    /// <exception cref="NotSupportedException">The type has no DuckDB equivalent here (variant, void, interval).</exception>
    public static string ToDuckDbType(string deltaType)
    {
        ArgumentNullException.ThrowIfNull(deltaType);
        var type = deltaType.Trim();
        if (type.StartsWith('{'))
        {
            using var document = JsonDocument.Parse(type);
            return NestedToDuckDb(document.RootElement);
        }

        switch (type.ToLowerInvariant())
        {
            case "string": return "VARCHAR";
            case "long": return "BIGINT";
            case "integer": return "INTEGER";
            case "short": return "SMALLINT";
            case "byte": return "TINYINT";
            case "float": return "FLOAT";
            case "double": return "DOUBLE";
            case "boolean": return "BOOLEAN";
            case "binary": return "BLOB";
            case "date": return "DATE";
            case "timestamp": return "TIMESTAMPTZ";
            case "timestamp_ntz": return "TIMESTAMP";
        }

        if (TryParseDecimal(type, "decimal", out var precision, out var scale))
        {
            return string.Create(CultureInfo.InvariantCulture, $"DECIMAL({precision},{scale})");
        }

        throw new NotSupportedException($"The Delta type '{deltaType}' has no DuckDB type in Weir.");
    }

    /// <summary>
    /// Maps a DuckDB SQL type back to a Delta primitive type (the inverse of <see cref="ToDuckDbType"/>, accepting
    /// DuckDB's aliases such as INT, TEXT, REAL, TIMESTAMP WITH TIME ZONE and NUMERIC(p,s)).
    /// </summary>
    /// <exception cref="NotSupportedException">The DuckDB type has no Delta equivalent (HUGEINT, UUID, nested types…).</exception>
    public static string ToDeltaType(string duckDbType) =>
        TryToDeltaType(duckDbType, out var deltaType)
            ? deltaType
            : throw new NotSupportedException($"The DuckDB type '{duckDbType}' has no Delta primitive type.");

    /// <summary>Maps a DuckDB SQL type to a Delta primitive type; <see langword="false"/> when there is none.</summary>
    public static bool TryToDeltaType(string duckDbType, out string deltaType)
    {
        ArgumentNullException.ThrowIfNull(duckDbType);
        var type = string.Join(' ', duckDbType.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        deltaType = type switch
        {
            "VARCHAR" or "TEXT" or "STRING" or "CHAR" or "BPCHAR" => "string",
            "BIGINT" or "INT8" or "LONG" => "long",
            "INTEGER" or "INT" or "INT4" or "SIGNED" => "integer",
            "SMALLINT" or "INT2" or "SHORT" => "short",
            "TINYINT" or "INT1" => "byte",
            "FLOAT" or "FLOAT4" or "REAL" => "float",
            "DOUBLE" or "FLOAT8" => "double",
            "BOOLEAN" or "BOOL" or "LOGICAL" => "boolean",
            "BLOB" or "BYTEA" or "BINARY" or "VARBINARY" => "binary",
            "DATE" => "date",
            "TIMESTAMPTZ" or "TIMESTAMP WITH TIME ZONE" => "timestamp",
            "TIMESTAMP" or "DATETIME" or "TIMESTAMP WITHOUT TIME ZONE" => "timestamp_ntz",
            "DECIMAL" or "NUMERIC" => "decimal(18,3)",
            _ => string.Empty,
        };
        if (deltaType.Length > 0)
        {
            return true;
        }

        if (TryParseDecimal(type, "DECIMAL", out var precision, out var scale) || TryParseDecimal(type, "NUMERIC", out precision, out scale))
        {
            deltaType = string.Create(CultureInfo.InvariantCulture, $"decimal({precision},{scale})");
            return true;
        }

        return false;
    }

    private static SchemaField ParseField(JsonElement field)
    {
        var name = DeltaJson.GetString(field, "name") ?? throw new FormatException("A schema field has no name.");
        if (!field.TryGetProperty("type", out var type))
        {
            throw new FormatException($"The schema field '{name}' has no type.");
        }

        var typeText = type.ValueKind switch
        {
            JsonValueKind.String => type.GetString()!,
            JsonValueKind.Object => type.GetRawText(),
            _ => throw new FormatException($"The schema field '{name}' has an invalid type."),
        };
        var nullable = !field.TryGetProperty("nullable", out var n) || n.ValueKind != JsonValueKind.False;
        var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (field.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in meta.EnumerateObject())
            {
                metadata[property.Name] = property.Value.Clone();
            }
        }

        return new SchemaField(name, typeText, nullable, metadata);
    }

    private static string NestedToDuckDb(JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            return ToDuckDbType(type.GetString()!);
        }

        switch (DeltaJson.GetString(type, "type"))
        {
            case "struct":
                var fields = type.GetProperty("fields").EnumerateArray().Select(f =>
                    $"\"{DeltaJson.GetString(f, "name")!.Replace("\"", "\"\"", StringComparison.Ordinal)}\" {NestedToDuckDb(f.GetProperty("type"))}");
                return $"STRUCT({string.Join(", ", fields)})";
            case "array":
                return NestedToDuckDb(type.GetProperty("elementType")) + "[]";
            case "map":
                return $"MAP({NestedToDuckDb(type.GetProperty("keyType"))}, {NestedToDuckDb(type.GetProperty("valueType"))})";
            default:
                throw new NotSupportedException($"The Delta type '{type.GetRawText()}' has no DuckDB type in Weir.");
        }
    }

    private static bool TryParseDecimal(string type, string keyword, out int precision, out int scale)
    {
        precision = 0;
        scale = 0;
        var text = type.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!text.StartsWith(keyword + "(", StringComparison.OrdinalIgnoreCase) || !text.EndsWith(')'))
        {
            return false;
        }

        var parts = text[(keyword.Length + 1)..^1].Split(',');
        return parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out precision)
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out scale))
            && precision is >= 1 and <= 38 && scale <= precision;
    }
}
