using System.Text.Json;

namespace Weir.DuckDb.Lake;

/// <summary>A field of a Delta struct (a column, at the top level).</summary>
internal sealed class DeltaStructField
{
    public DeltaStructField(string name, DeltaType type, bool nullable = true, string? metadataJson = null)
    {
        Name = name;
        Type = type;
        Nullable = nullable;
        MetadataJson = metadataJson;
    }

    public string Name { get; }

    public DeltaType Type { get; }

    public bool Nullable { get; }

    /// <summary>The field's metadata object as raw JSON (kept so a schema round-trips), or <see langword="null"/> for <c>{}</c>.</summary>
    public string? MetadataJson { get; }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        writer.WritePropertyName("type");
        Type.WriteTo(writer);
        writer.WriteBoolean("nullable", Nullable);
        writer.WritePropertyName("metadata");
        if (MetadataJson is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteRawValue(MetadataJson);
        }

        writer.WriteEndObject();
    }

    public override bool Equals(object? obj) =>
        obj is DeltaStructField other && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Type.Equals(other.Type) && Nullable == other.Nullable;

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), Type, Nullable);
}
