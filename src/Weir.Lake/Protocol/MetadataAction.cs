using System.Text.Json.Serialization;

namespace Weir.Lake.Protocol;

/// <summary>The <c>metaData</c> action: the table's id, schema, partition columns and configuration.</summary>
public sealed class MetadataAction
{
    /// <summary>A unique id for the table (a GUID).</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>A name for people, or <see langword="null"/>.</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    /// <summary>A description, or <see langword="null"/>.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; set; }

    /// <summary>The data file format.</summary>
    [JsonPropertyName("format")]
    public FormatSpec Format { get; set; } = new();

    /// <summary>The table schema as Delta's JSON schema string (a struct type).</summary>
    [JsonPropertyName("schemaString")]
    public string SchemaString { get; set; } = string.Empty;

    /// <summary>Partition columns, in order.</summary>
    [JsonPropertyName("partitionColumns")]
    public List<string> PartitionColumns { get; set; } = [];

    /// <summary>Table properties (<c>delta.checkpointInterval</c>, <c>delta.logRetentionDuration</c>, …).</summary>
    [JsonPropertyName("configuration")]
    public Dictionary<string, string?> Configuration { get; set; } = [];

    /// <summary>Creation time in milliseconds since the epoch, or <see langword="null"/>.</summary>
    [JsonPropertyName("createdTime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CreatedTime { get; set; }
}
