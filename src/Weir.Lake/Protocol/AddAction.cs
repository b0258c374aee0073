using System.Text.Json.Serialization;

namespace Weir.Lake.Protocol;

/// <summary>The <c>add</c> action: a data file that becomes part of the table.</summary>
public sealed class AddAction
{
    /// <summary>The file's path relative to the table root (URL-encoded, as the protocol requires), or an absolute URI.</summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = string.Empty;

    /// <summary>Partition column → value as a string (<see langword="null"/> for a null partition value).</summary>
    [JsonPropertyName("partitionValues")]
    public Dictionary<string, string?> PartitionValues { get; set; } = [];

    /// <summary>Size of the file in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; set; }

    /// <summary>When the file was written, in milliseconds since the epoch.</summary>
    [JsonPropertyName("modificationTime")]
    public long ModificationTime { get; set; }

    /// <summary>Whether the file holds new data (false for compaction: OPTIMIZE rewrites without changing data).</summary>
    [JsonPropertyName("dataChange")]
    public bool DataChange { get; set; } = true;

    /// <summary>Per-file statistics as a JSON string: numRecords, minValues, maxValues, nullCount.</summary>
    [JsonPropertyName("stats")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Stats { get; set; }

    /// <summary>Free-form tags, or <see langword="null"/>.</summary>
    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string?>? Tags { get; set; }
}
