using System.Text.Json.Serialization;

namespace Weir.Lake.Protocol;

/// <summary>
/// The <c>txn</c> action: the latest batch version an application committed. A writer that retries a batch whose
/// version is not above the recorded one skips it, so a batch never lands twice.
/// </summary>
public sealed class TransactionAction
{
    /// <summary>The application's id (e.g. <c>weir:source:raw_orders</c>).</summary>
    [JsonPropertyName("appId")]
    public string AppId { get; set; } = string.Empty;

    /// <summary>The application's batch version.</summary>
    [JsonPropertyName("version")]
    public long Version { get; set; }

    /// <summary>When it was committed, in milliseconds since the epoch.</summary>
    [JsonPropertyName("lastUpdated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LastUpdated { get; set; }
}
