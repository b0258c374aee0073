using System.Globalization;
using System.Text.Json;

namespace Weir.DuckDb.Lake;

/// <summary>A Delta primitive type: <c>integer</c>, <c>string</c>, <c>decimal(10,2)</c>, <c>timestamp_ntz</c>, ….</summary>
internal sealed class DeltaPrimitiveType : DeltaType
{
    public DeltaPrimitiveType(string name)
    {
        Name = name;
    }

    /// <summary>The type name as Delta writes it.</summary>
    public string Name { get; }

    /// <summary>The kind of value the type holds, for comparisons and literals.</summary>
    public DeltaValueKind Kind => Name switch
    {
        "byte" or "short" or "integer" or "long" => DeltaValueKind.Integer,
        "float" or "double" => DeltaValueKind.Float,
        "string" => DeltaValueKind.String,
        "boolean" => DeltaValueKind.Boolean,
        "date" => DeltaValueKind.Date,
        "timestamp" => DeltaValueKind.Timestamp,
        "timestamp_ntz" => DeltaValueKind.TimestampNtz,
        "binary" => DeltaValueKind.Binary,
        _ when Name.StartsWith("decimal", StringComparison.Ordinal) => DeltaValueKind.Decimal,
        _ => DeltaValueKind.Other,
    };

    public override void WriteTo(Utf8JsonWriter writer) => writer.WriteStringValue(Name);

    public override string ToDuckDb() => Name switch
    {
        "boolean" => "BOOLEAN",
        "byte" => "TINYINT",
        "short" => "SMALLINT",
        "integer" => "INTEGER",
        "long" => "BIGINT",
        "float" => "FLOAT",
        "double" => "DOUBLE",
        "string" => "VARCHAR",
        "binary" => "BLOB",
        "date" => "DATE",
        "timestamp" => "TIMESTAMP WITH TIME ZONE",
        "timestamp_ntz" => "TIMESTAMP",
        _ when TryParseDecimal(Name, out var precision, out var scale) =>
            string.Create(CultureInfo.InvariantCulture, $"DECIMAL({precision},{scale})"),
        _ => "VARCHAR",
    };

    public override bool Equals(object? obj) =>
        obj is DeltaPrimitiveType other && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>Reads <c>decimal(p,s)</c>; a bare <c>decimal</c> is Spark's <c>decimal(10,0)</c>.</summary>
    internal static bool TryParseDecimal(string name, out int precision, out int scale)
    {
        precision = 10;
        scale = 0;
        if (string.Equals(name, "decimal", StringComparison.Ordinal))
        {
            return true;
        }

        if (!name.StartsWith("decimal(", StringComparison.Ordinal) || !name.EndsWith(')'))
        {
            return false;
        }

        var parts = name["decimal(".Length..^1].Split(',');
        return parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out precision)
            && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out scale);
    }
}
