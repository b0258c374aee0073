using System.Text.Json.Serialization;

namespace Weir.Lake.Protocol;

/// <summary>The data file format of a table (always <c>parquet</c>).</summary>
public sealed class FormatSpec
{
    /// <summary>The provider; <c>parquet</c>.</summary>
    [JsonPropertyName("provider")]
    public string Provider { get; set; } = "parquet";

    /// <summary>Format options.</summary>
    [JsonPropertyName("options")]
    public Dictionary<string, string> Options { get; set; } = [];
}
