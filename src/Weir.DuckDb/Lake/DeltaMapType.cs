using System.Text.Json;

namespace Weir.DuckDb.Lake;

/// <summary>A Delta <c>map</c> type.</summary>
internal sealed class DeltaMapType : DeltaType
{
    public DeltaMapType(DeltaType keyType, DeltaType valueType, bool valueContainsNull)
    {
        KeyType = keyType;
        ValueType = valueType;
        ValueContainsNull = valueContainsNull;
    }

    public DeltaType KeyType { get; }

    public DeltaType ValueType { get; }

    public bool ValueContainsNull { get; }

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "map");
        writer.WritePropertyName("keyType");
        KeyType.WriteTo(writer);
        writer.WritePropertyName("valueType");
        ValueType.WriteTo(writer);
        writer.WriteBoolean("valueContainsNull", ValueContainsNull);
        writer.WriteEndObject();
    }

    public override string ToDuckDb() => "MAP(" + KeyType.ToDuckDb() + ", " + ValueType.ToDuckDb() + ")";

    public override bool Equals(object? obj) =>
        obj is DeltaMapType other && KeyType.Equals(other.KeyType) && ValueType.Equals(other.ValueType)
        && ValueContainsNull == other.ValueContainsNull;

    public override int GetHashCode() => HashCode.Combine(KeyType, ValueType, ValueContainsNull);
}
