using System.Text.Json;
using System.Text.Json.Serialization;

namespace Weir.Lake.Protocol;

/// <summary>
/// One line of a commit file: exactly one of its properties is set. Actions Weir does not interpret (<c>cdc</c>,
/// <c>domainMetadata</c>, <c>checkpointMetadata</c>, <c>sidecar</c>) are kept as raw JSON so they round-trip.
/// </summary>
public sealed class DeltaAction
{
    /// <summary>A <c>protocol</c> action.</summary>
    [JsonPropertyName("protocol")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProtocolAction? Protocol { get; set; }

    /// <summary>A <c>metaData</c> action.</summary>
    [JsonPropertyName("metaData")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MetadataAction? Metadata { get; set; }

    /// <summary>An <c>add</c> action.</summary>
    [JsonPropertyName("add")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AddAction? Add { get; set; }

    /// <summary>A <c>remove</c> action.</summary>
    [JsonPropertyName("remove")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RemoveAction? Remove { get; set; }

    /// <summary>A <c>txn</c> action.</summary>
    [JsonPropertyName("txn")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TransactionAction? Transaction { get; set; }

    /// <summary>A <c>commitInfo</c> action (free-form: timestamp, operation, operationParameters, metrics, …).</summary>
    [JsonPropertyName("commitInfo")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? CommitInfo { get; set; }

    /// <summary>Any other action, by name, as raw JSON.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
