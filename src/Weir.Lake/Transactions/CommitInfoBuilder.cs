using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weir.Lake.Protocol;

namespace Weir.Lake.Transactions;

/// <summary>Builds the <c>commitInfo</c> action of Weir's commits.</summary>
internal static class CommitInfoBuilder
{
    /// <summary><c>Weir/&lt;version&gt;</c>, from the assembly's informational version without the source hash.</summary>
    public static readonly string EngineInfo = "Weir/" + (typeof(CommitInfoBuilder).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(CommitInfoBuilder).Assembly.GetName().Version?.ToString() ?? "0.0.0");

    public static JsonElement Build(
        DateTimeOffset timestamp,
        string operation,
        IReadOnlyDictionary<string, string>? operationParameters,
        IReadOnlyDictionary<string, string> operationMetrics,
        bool isBlindAppend,
        long? readVersion)
    {
        var info = new JsonObject
        {
            ["timestamp"] = timestamp.ToUnixTimeMilliseconds(),
            ["operation"] = operation,
            ["operationParameters"] = Strings(operationParameters),
        };
        if (readVersion is { } read)
        {
            info["readVersion"] = read;
        }

        info["isolationLevel"] = "WriteSerializable";
        info["isBlindAppend"] = isBlindAppend;
        info["operationMetrics"] = Strings(operationMetrics);
        info["engineInfo"] = EngineInfo;
        info["txnId"] = Guid.NewGuid().ToString();
        return JsonSerializer.SerializeToElement(info, DeltaJson.Options);
    }

    /// <summary>numAddedFiles, numRemovedFiles, numOutputRows (when every added file has a row count), bytes.</summary>
    public static Dictionary<string, string> Metrics(IReadOnlyCollection<AddAction> adds, IReadOnlyCollection<RemoveAction> removes)
    {
        var inv = CultureInfo.InvariantCulture;
        var metrics = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["numAddedFiles"] = adds.Count.ToString(inv),
            ["numRemovedFiles"] = removes.Count.ToString(inv),
            ["numOutputBytes"] = adds.Sum(a => a.Size).ToString(inv),
        };
        var rows = adds.Select(a => FileStats.Parse(a.Stats)?.NumRecords).ToList();
        if (rows.All(r => r is not null))
        {
            metrics["numOutputRows"] = rows.Sum(r => r!.Value).ToString(inv);
        }

        if (removes.Count > 0 && removes.All(r => r.Size is not null))
        {
            metrics["numRemovedBytes"] = removes.Sum(r => r.Size!.Value).ToString(inv);
        }

        var removedRows = removes.Select(r => FileStats.Parse(r.Stats)?.NumRecords).ToList();
        if (removes.Count > 0 && removedRows.All(r => r is not null))
        {
            metrics["numRemovedRows"] = removedRows.Sum(r => r!.Value).ToString(inv);
        }

        return metrics;
    }

    private static JsonObject Strings(IReadOnlyDictionary<string, string>? values)
    {
        var result = new JsonObject();
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        return result;
    }
}
