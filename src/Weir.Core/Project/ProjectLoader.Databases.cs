using Weir.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_databaseOnlyKeys = ["connection", "table", "query", "mode", "write", "cursor", "lookback", "detect_deletes", "parallelism", "split_by"];

    private static readonly string[] s_fileOnlyKeys = ["path", "options", "version", "timestamp"];

    private static readonly Dictionary<string, SourceLoadMode> s_loadModes = new(StringComparer.Ordinal)
    {
        ["full_refresh"] = SourceLoadMode.FullRefresh,
        ["incremental"] = SourceLoadMode.Incremental,
    };

    private static readonly Dictionary<string, SourceWriteMode> s_writeModes = new(StringComparer.Ordinal)
    {
        ["overwrite"] = SourceWriteMode.Overwrite,
        ["append"] = SourceWriteMode.Append,
    };

    /// <summary>
    /// A PostgreSQL or SQLite source: a connection string, a table or a query, and how rows are loaded. The connection
    /// string usually holds a password (from <c>${VAR}</c>), so no diagnostic ever quotes it.
    /// </summary>
    private static SourceSpec? ReadDatabaseSource(YamlMap map, AssetEntry? entry, SourceFormat format)
    {
        var kind = format == SourceFormat.Postgres ? "postgres" : "sqlite";
        foreach (var key in s_fileOnlyKeys.Where(map.Has))
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' does not apply to {kind} sources",
                key == "path" ? "a database source reads through 'connection:' and 'table:' or 'query:'" : "remove the key");
        }

        var valid = map.Require("connection", $"{kind} source", format == SourceFormat.Postgres
            ? "write an ADO.NET connection string, e.g. connection: ${ORDERS_DB} with Host=...;Database=...;Username=...;Password=..."
            : "write an ADO.NET connection string, e.g. connection: Data Source=data/app.db");
        var connection = map.Has("connection") ? ConnectionString(map) : null;
        var table = map.String("table");
        var query = map.String("query");
        if (map.Has("table") == map.Has("query"))
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.Has("query") ? map.KeyNode("query") : map.Node,
                $"a {kind} source takes exactly one of 'table' or 'query'",
                "write table: schema.name to read a table, or query: SELECT ... to read a query's rows");
            valid = false;
        }

        var mode = map.Has("mode") ? map.Choice("mode", s_loadModes) : SourceLoadMode.FullRefresh;
        var write = map.Has("write") ? map.Choice("write", s_writeModes) : SourceWriteMode.Overwrite;
        var cursor = map.String("cursor");
        var lookback = map.Duration("lookback", allowZero: true);
        var primaryKey = map.StringList("primary_key");
        if (mode == SourceLoadMode.Incremental)
        {
            valid &= map.Require("cursor", "an incremental source",
                "name the timestamp or increasing column that marks new and changed rows, e.g. cursor: updated_at");
            if (primaryKey.Count == 0)
            {
                map.File.Error(DiagnosticCodes.MissingKey, map.Has("primary_key") ? map.KeyNode("primary_key") : map.Node,
                    "an incremental source is missing required key 'primary_key'",
                    "name the key columns rows are merged on, so a row read again replaces itself, e.g. primary_key: id");
                valid = false;
            }

            if (map.Has("write"))
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode("write"), "'write' applies only to mode: full_refresh",
                    "an incremental source merges on its primary key; remove 'write'");
                valid = false;
            }
        }
        else if (mode == SourceLoadMode.FullRefresh)
        {
            foreach (var key in new[] { "cursor", "lookback" }.Where(map.Has))
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' applies only to mode: incremental",
                    "add mode: incremental to read only new and changed rows, or remove the key");
                valid = false;
            }
        }

        var options = ReadDatabaseOptions(map, mode, write, primaryKey, ref valid);
        if (entry is null || mode is null || write is null || !valid || connection is null || (map.Has("lookback") && lookback is null))
        {
            return null;
        }

        return new SourceSpec(entry, format)
        {
            PrimaryKey = primaryKey,
            Connection = connection,
            Table = table,
            Query = query,
            Mode = mode.Value,
            WriteMode = write.Value,
            Cursor = cursor,
            Lookback = lookback,
            MaxBadRows = options.MaxBadRows,
            DetectDeletes = options.DetectDeletes,
            DetectDeletesEvery = options.Every,
            Parallelism = options.Parallelism,
            SplitBy = options.SplitBy,
        };
    }

    /// <summary>The connection string, checked for emptiness only: its value is a secret and never goes in a diagnostic.</summary>
    private static string? ConnectionString(YamlMap map)
    {
        var node = map.Value("connection")!;
        if (node is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode("connection"), "'connection' must be a non-empty connection string",
            "write the ADO.NET connection string, usually from an environment variable: connection: ${ORDERS_DB}");
        return null;
    }

    /// <summary>Database keys on a file source are mistakes worth naming (a typo in <c>kind:</c>, usually).</summary>
    private static void RejectDatabaseKeys(YamlMap map)
    {
        foreach (var key in s_databaseOnlyKeys.Where(map.Has))
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' applies only to database sources (kind: postgres or sqlite)",
                "remove the key, or set kind: postgres or kind: sqlite");
        }
    }
}
