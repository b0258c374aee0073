using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_sourceKeys =
        [
            "name", "kind", "path", "version", "timestamp", "zone", "partition_by", "description", "owner", "tags", "primary_key",
            "options", "columns", "checks", "retries", "timeout", "incremental", "max_bad_rows", "on_schema_change", "profile",
            "connection", "table", "query", "mode", "write", "cursor", "lookback",
            "detect_deletes", "parallelism", "split_by",
            "url", "headers", "records", "pagination", "rate_limit", "max_pages", "request_retries", "token", "idempotency_window",
        ];

    private static readonly Dictionary<string, SourceFormat> s_sourceKinds = new(StringComparer.Ordinal)
    {
        ["csv"] = SourceFormat.Csv,
        ["json"] = SourceFormat.Json,
        ["ndjson"] = SourceFormat.Ndjson,
        ["parquet"] = SourceFormat.Parquet,
        ["delta"] = SourceFormat.Delta,
        ["postgres"] = SourceFormat.Postgres,
        ["sqlite"] = SourceFormat.Sqlite,
        ["http"] = SourceFormat.Http,
        ["push"] = SourceFormat.Push,
    };

    private static readonly Dictionary<string, SchemaChangePolicy> s_sourceSchemaChangePolicies = new(StringComparer.Ordinal)
    {
        ["evolve"] = SchemaChangePolicy.Evolve,
        ["ignore"] = SchemaChangePolicy.Ignore,
        ["fail"] = SchemaChangePolicy.Fail,
    };

    private static readonly string[] s_plannedSourceKinds = ["nats"];

    /// <summary>Reads every <c>sources/*.yaml</c> (and <c>*.yml</c>), in file order.</summary>
    private static List<SourceSpec> LoadSources(LoadContext context)
    {
        var sources = new List<SourceSpec>();
        foreach (var path in context.Files("sources", recursive: false, s_yamlExtensions))
        {
            var file = context.OpenYaml(path);
            foreach (var map in Entries(file, "sources", "source", s_sourceKeys))
            {
                if (ReadSource(map) is { } source)
                {
                    sources.Add(source);
                }
            }
        }

        return sources;
    }

    private static SourceSpec? ReadSource(YamlMap map)
    {
        var entry = ReadEntry(map, "source");
        map.Require("kind", "source", $"kinds: {string.Join(", ", s_sourceKinds.Keys)}");
        var format = map.Choice("kind", s_sourceKinds, s_plannedSourceKinds);
        if (map.Choice("on_schema_change", s_sourceSchemaChangePolicies) is { } onSchemaChange && entry is not null)
        {
            entry = entry with { OnSchemaChange = onSchemaChange };
        }

        if (format == SourceFormat.Delta && map.Has("on_schema_change"))
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode("on_schema_change"), "'on_schema_change' does not apply to delta sources",
                "a delta source is read in place, nothing is loaded; remove the key");
        }

        if (format is SourceFormat.Postgres or SourceFormat.Sqlite)
        {
            RejectHttpKeys(map);
            RejectPushKeys(map);
            return ReadDatabaseSource(map, entry, format.Value);
        }

        if (format == SourceFormat.Push)
        {
            return ReadPushSource(map, entry);
        }

        RejectPushKeys(map);
        if (format == SourceFormat.Http)
        {
            return ReadHttpSource(map, entry);
        }

        RejectDatabaseKeys(map);
        RejectHttpKeys(map);
        map.Require("path", "source", "write the file's path or a glob relative to the project, e.g. data/orders/*.csv");
        var path = map.String("path");
        var primaryKey = map.StringList("primary_key");
        var options = map.StringMap("options");
        var version = map.Long("version", minimum: 0);
        var timestamp = map.Timestamp("timestamp");
        var files = ReadFileOptions(map, format);
        if (entry is null || format is null || path is null)
        {
            return null;
        }

        if (format != SourceFormat.Delta)
        {
            foreach (var key in new[] { "version", "timestamp" }.Where(map.Has))
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' applies only to delta sources",
                    "time travel reads a Delta table as it was; remove the key for file sources");
            }
        }
        else if (version is not null && timestamp is not null)
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode("timestamp"), "a delta source takes 'version' or 'timestamp', not both",
                "keep the one that says which state of the table to read");
        }

        if (format == SourceFormat.Delta)
        {
            RejectQuarantineInPlace(map.File, entry);
        }

        if (format == SourceFormat.Delta ? !CheckDeltaPath(map, path) : !CheckPath(map, path))
        {
            return null;
        }

        return new SourceSpec(entry, format.Value)
        {
            Path = path,
            PrimaryKey = primaryKey,
            Options = options,
            Version = version,
            Timestamp = timestamp,
            Incremental = files.Incremental,
            MaxBadRows = files.MaxBadRows,
        };
    }

    /// <summary>A delta source's path must be a table folder: one holding <c>_delta_log/</c>.</summary>
    private static bool CheckDeltaPath(YamlMap map, string path)
    {
        if (path.Contains("://", StringComparison.Ordinal))
        {
            return true;
        }

        var node = map.Value("path")!;
        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(map.File.Context.Root, path));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            map.File.Error(DiagnosticCodes.InvalidValue, node, $"path '{map.File.Show(node)}' is not a valid path",
                "write the Delta table's folder, relative to the project or absolute");
            return false;
        }

        if (!Directory.Exists(Path.Combine(full, "_delta_log")))
        {
            map.File.Warning(DiagnosticCodes.NoFilesMatch, node, $"path '{map.File.Show(node)}' holds no Delta table (no _delta_log folder) yet",
                "point 'path' at the folder that contains _delta_log/");
        }

        return true;
    }

    /// <summary>Rejects a path that is not a path; warns when it matches no file yet (data may arrive later).</summary>
    private static bool CheckPath(YamlMap map, string path)
    {
        var node = map.Value("path")!;
        IReadOnlyList<string> files;
        try
        {
            // URLs are read by the engine; only local paths can be checked here.
            files = path.Contains("://", StringComparison.Ordinal) ? [path] : Glob.Expand(map.File.Context.Root, path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            map.File.Error(DiagnosticCodes.InvalidValue, node, $"path '{map.File.Show(node)}' is not a valid path",
                "write a file path or glob relative to the project, e.g. data/orders/*.csv");
            return false;
        }

        if (files.Count == 0)
        {
            map.File.Warning(DiagnosticCodes.NoFilesMatch, node, $"path '{map.File.Show(node)}' matches no file yet",
                "the source reads nothing until files arrive there; check the path if they should be there now");
        }

        return true;
    }
}
