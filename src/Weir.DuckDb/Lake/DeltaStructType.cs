using System.Text;
using System.Text.Json;

namespace Weir.DuckDb.Lake;

/// <summary>A Delta <c>struct</c> type; the top level of a table schema is one.</summary>
internal sealed class DeltaStructType : DeltaType
{
    public DeltaStructType(IReadOnlyList<DeltaStructField> fields)
    {
        Fields = fields;
    }

    public IReadOnlyList<DeltaStructField> Fields { get; }

    /// <summary>The field named <paramref name="name"/> (Delta column names are unique regardless of case), or null.</summary>
    public DeltaStructField? Find(string name)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }

        return null;
    }

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "struct");
        writer.WriteStartArray("fields");
        foreach (var field in Fields)
        {
            field.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public override string ToDuckDb()
    {
        var text = new StringBuilder("STRUCT(");
        for (var i = 0; i < Fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(SqlText.Identifier(Fields[i].Name)).Append(' ').Append(Fields[i].Type.ToDuckDb());
        }

        return text.Append(')').ToString();
    }

    /// <summary>Writes the struct as a schema string (compact JSON).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, DeltaType.JsonOptions))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Parses a schema string; it must be a struct.</summary>
    public static DeltaStructType Parse(string schemaString)
    {
        using var document = JsonDocument.Parse(schemaString);
        return Read(document.RootElement) as DeltaStructType
            ?? throw new FormatException("A Delta schema string must be a struct type.");
    }

    internal static DeltaStructType ReadFields(JsonElement element)
    {
        var fields = new List<DeltaStructField>();
        foreach (var field in element.GetProperty("fields").EnumerateArray())
        {
            string? metadata = null;
            if (field.TryGetProperty("metadata", out var metadataElement)
                && metadataElement.ValueKind == JsonValueKind.Object
                && metadataElement.EnumerateObject().Any())
            {
                metadata = metadataElement.GetRawText();
            }

            fields.Add(new DeltaStructField(
                field.GetProperty("name").GetString()!,
                Read(field.GetProperty("type")),
                !field.TryGetProperty("nullable", out var nullable) || nullable.GetBoolean(),
                metadata));
        }

        return new DeltaStructType(fields);
    }

    public override bool Equals(object? obj) => obj is DeltaStructType other && Fields.SequenceEqual(other.Fields);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var field in Fields)
        {
            hash.Add(field);
        }

        return hash.ToHashCode();
    }
}
