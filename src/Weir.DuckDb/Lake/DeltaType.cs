using System.Text.Encodings.Web;
using System.Text.Json;

namespace Weir.DuckDb.Lake;

/// <summary>A Delta data type (schema serialization format): a primitive, a struct, an array or a map.</summary>
internal abstract class DeltaType
{
    /// <summary>Compact JSON that escapes only what JSON requires (a quote as \", not \u0022; non-ASCII as is).</summary>
    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the type as Delta's schema JSON (a string for a primitive, an object otherwise).</summary>
    public abstract void WriteTo(Utf8JsonWriter writer);

    /// <summary>The DuckDB type that holds this type.</summary>
    public abstract string ToDuckDb();

    /// <summary>Reads a type from Delta's schema JSON.</summary>
    public static DeltaType Read(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return new DeltaPrimitiveType(element.GetString()!);
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var kind))
        {
            throw new FormatException($"Not a Delta type: {element.GetRawText()}");
        }

        return kind.GetString() switch
        {
            "struct" => DeltaStructType.ReadFields(element),
            "array" => new DeltaArrayType(
                Read(element.GetProperty("elementType")),
                !element.TryGetProperty("containsNull", out var containsNull) || containsNull.GetBoolean()),
            "map" => new DeltaMapType(
                Read(element.GetProperty("keyType")),
                Read(element.GetProperty("valueType")),
                !element.TryGetProperty("valueContainsNull", out var valueContainsNull) || valueContainsNull.GetBoolean()),
            var other => new DeltaPrimitiveType(other ?? string.Empty),
        };
    }
}
