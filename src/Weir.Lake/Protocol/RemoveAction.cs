using System.Text.Json.Serialization;

namespace Weir.Lake.Protocol;

/// <summary>The <c>remove</c> action: a data file that is no longer part of the table (a tombstone until vacuum).</summary>
public sealed class RemoveAction
{
    /// <summary>The file's path, as in its <c>add</c> action.</summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = string.Empty;

    /// <summary>When it was removed, in milliseconds since the epoch.</summary>
    [JsonPropertyName("deletionTimestamp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DeletionTimestamp { get; set; }

    /// <summary>Whether the removal changes data (false for compaction).</summary>
    [JsonPropertyName("dataChange")]
    public bool DataChange { get; set; } = true;

    /// <summary>Whether the optional fields below are present.</summary>
    [JsonPropertyName("extendedFileMetadata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ExtendedFileMetadata { get; set; }

    /// <summary>Partition values of the removed file.</summary>
    [JsonPropertyName("partitionValues")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string?>? PartitionValues { get; set; }

    /// <summary>Size of the removed file in bytes.</summary>
    [JsonPropertyName("size")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Size { get; set; }

    /// <summary>Statistics of the removed file (rows removed are counted from it).</summary>
    [JsonPropertyName("stats")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Stats { get; set; }
}
