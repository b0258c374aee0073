using System.Text.Json;

namespace Weir.DuckDb.Lake;

/// <summary>A Delta <c>array</c> type.</summary>
internal sealed class DeltaArrayType : DeltaType
{
    public DeltaArrayType(DeltaType elementType, bool containsNull)
    {
        ElementType = elementType;
        ContainsNull = containsNull;
    }

    public DeltaType ElementType { get; }

    public bool ContainsNull { get; }

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "array");
        writer.WritePropertyName("elementType");
        ElementType.WriteTo(writer);
        writer.WriteBoolean("containsNull", ContainsNull);
        writer.WriteEndObject();
    }

    public override string ToDuckDb() => ElementType.ToDuckDb() + "[]";

    public override bool Equals(object? obj) =>
        obj is DeltaArrayType other && ElementType.Equals(other.ElementType) && ContainsNull == other.ContainsNull;

    public override int GetHashCode() => HashCode.Combine(ElementType, ContainsNull);
}
