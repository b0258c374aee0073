using Weir.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_pushOnlyKeys = ["token", "idempotency_window"];

    /// <summary>
    /// A push source: clients POST batches to <c>weir serve</c>, authenticated by <c>token:</c> (a secret from
    /// <c>${VAR}</c>, so no diagnostic ever quotes it). It has nothing to read, so file, database and HTTP keys are mistakes.
    /// </summary>
    private static SourceSpec? ReadPushSource(YamlMap map, AssetEntry? entry)
    {
        var foreign = s_fileOnlyKeys.Concat(s_databaseOnlyKeys).Concat(s_httpOnlyKeys).Append("incremental").Where(map.Has).ToList();
        foreach (var key in foreign)
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' does not apply to push sources",
                "a push source receives batches that clients POST to `weir serve` at /api/ingest/<name>; remove the key");
        }

        var valid = foreign.Count == 0;
        valid &= map.Require("token", "push source",
            "clients authenticate with a token from an environment variable, e.g. token: ${ORDERS_PUSH_TOKEN}");
        var token = map.Has("token") ? PushToken(map) : null;
        var primaryKey = map.StringList("primary_key");
        var files = ReadFileOptions(map, SourceFormat.Push);
        var window = map.Duration("idempotency_window", allowZero: false);
        if (entry is null || token is null || !valid || (map.Has("idempotency_window") && window is null))
        {
            return null;
        }

        return new SourceSpec(entry, SourceFormat.Push)
        {
            PrimaryKey = primaryKey,
            MaxBadRows = files.MaxBadRows,
            Token = token,
            IdempotencyWindow = window ?? SourceSpec.DefaultIdempotencyWindow,
        };
    }

    /// <summary>The token, checked for emptiness only: its value is a secret and never goes in a diagnostic.</summary>
    private static string? PushToken(YamlMap map)
    {
        if (map.Value("token") is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode("token"), "'token' must be a non-empty secret",
            "set it from an environment variable, e.g. token: ${ORDERS_PUSH_TOKEN}, and export that variable");
        return null;
    }

    /// <summary><c>token:</c> on another kind of source is a mistake worth naming (a typo in <c>kind:</c>, usually).</summary>
    private static void RejectPushKeys(YamlMap map)
    {
        foreach (var key in s_pushOnlyKeys.Where(map.Has))
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' applies only to push sources (kind: push)",
                "remove the key, or set kind: push");
        }
    }
}
