using System.Text.Json;

namespace Weir.Lake.Log;

/// <summary>One version of a table's history: when it was committed and what its <c>commitInfo</c> says.</summary>
public sealed class CommitEntry
{
    private static readonly IReadOnlyDictionary<string, string> s_empty = new Dictionary<string, string>();

    internal CommitEntry(long version, DateTimeOffset timestamp, JsonElement? commitInfo)
    {
        Version = version;
        Timestamp = timestamp;
        CommitInfo = commitInfo;
        if (commitInfo is not { ValueKind: JsonValueKind.Object } info)
        {
            return;
        }

        Operation = Protocol.DeltaJson.GetString(info, "operation");
        EngineInfo = Protocol.DeltaJson.GetString(info, "engineInfo");
        ReadVersion = Protocol.DeltaJson.GetInt64(info, "readVersion");
        IsBlindAppend = info.TryGetProperty("isBlindAppend", out var blind) && blind.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? blind.GetBoolean()
            : null;
        OperationParameters = Texts(info, "operationParameters");
        OperationMetrics = Texts(info, "operationMetrics");
    }

    /// <summary>The table version.</summary>
    public long Version { get; }

    /// <summary>When it was committed: the in-commit timestamp if the commit has one, else the commit file's time.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The operation (<c>WRITE</c>, <c>DELETE</c>, <c>CREATE TABLE</c>, …), if recorded.</summary>
    public string? Operation { get; }

    /// <summary>The operation's parameters (e.g. <c>mode</c>, <c>partitionBy</c>); JSON values other than strings as JSON text.</summary>
    public IReadOnlyDictionary<string, string> OperationParameters { get; } = s_empty;

    /// <summary>The operation's metrics (e.g. <c>numOutputRows</c>, <c>numAddedFiles</c>, <c>numRemovedFiles</c>).</summary>
    public IReadOnlyDictionary<string, string> OperationMetrics { get; } = s_empty;

    /// <summary>Whether the commit only appended data without reading the table, if recorded.</summary>
    public bool? IsBlindAppend { get; }

    /// <summary>The version the writer read before committing, if recorded.</summary>
    public long? ReadVersion { get; }

    /// <summary>The writer (e.g. <c>Weir/1.0.0</c>, <c>Apache-Spark/3.5.0 Delta-Lake/3.1.0</c>), if recorded.</summary>
    public string? EngineInfo { get; }

    /// <summary>The whole <c>commitInfo</c> action, or <see langword="null"/> when the commit has none.</summary>
    public JsonElement? CommitInfo { get; }

    private static Dictionary<string, string> Texts(JsonElement info, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (info.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                result[property.Name] = Protocol.DeltaJson.ToText(property.Value);
            }
        }

        return result;
    }
}
