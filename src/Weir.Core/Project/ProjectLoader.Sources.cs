using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_sourceKeys =
        ["name", "kind", "path", "description", "owner", "tags", "primary_key", "options", "columns", "checks", "retries", "timeout"];

    private static readonly Dictionary<string, SourceFormat> s_sourceKinds = new(StringComparer.Ordinal)
    {
        ["csv"] = SourceFormat.Csv,
        ["json"] = SourceFormat.Json,
        ["ndjson"] = SourceFormat.Ndjson,
        ["parquet"] = SourceFormat.Parquet,
    };

    private static readonly string[] s_plannedSourceKinds = ["sqlite", "postgres", "http", "nats", "push", "delta"];

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
        map.Require("path", "source", "write the file's path or a glob relative to the project, e.g. data/orders/*.csv");
        var format = map.Choice("kind", s_sourceKinds, s_plannedSourceKinds);
        var path = map.String("path");
        var primaryKey = map.StringList("primary_key");
        var options = map.StringMap("options");
        if (entry is null || format is null || path is null)
        {
            return null;
        }

        if (!CheckPath(map, path))
        {
            return null;
        }

        return new SourceSpec
        {
            Name = entry.Name,
            Location = entry.Location,
            Description = entry.Description,
            Owner = entry.Owner,
            Tags = entry.Tags,
            Columns = entry.Columns,
            Checks = entry.Checks,
            Retries = entry.Retries,
            Timeout = entry.Timeout,
            Format = format.Value,
            Path = path,
            PrimaryKey = primaryKey,
            Options = options,
        };
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
