using YamlDotNet.RepresentationModel;
using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_projectKeys = ["name", "engine", "state", "lake", "external", "vars", "run"];
    private static readonly string[] s_lakeKeys = ["path", "retention", "checkpoint_interval", "target_file_size", "parquet_version"];

    private static readonly Dictionary<string, int> s_parquetVersions = new(StringComparer.Ordinal) { ["1"] = 1, ["2"] = 2 };
    private static readonly string[] s_runKeys = ["threads", "retries", "retry_delay", "timeout"];
    private static readonly string[] s_engines = ["duckdb"];
    private static readonly string[] s_plannedEngines = ["postgres"];

    /// <summary>Reads <c>weir.yaml</c>; <see langword="null"/> when it cannot be read, parsed, or is not a map.</summary>
    private static ProjectSettings? LoadSettings(LoadContext context, string path)
    {
        var file = context.OpenYaml(path);
        if (file.Failed)
        {
            return null;
        }

        if (file.Root is null || YamlFile.IsNull(file.Root))
        {
            context.Diagnostics.Error(DiagnosticCodes.MissingKey, new SourceLocation(ProjectFileName, 1),
                $"{ProjectFileName} is missing required key 'name'", "write 'name: my_project'");
            return new ProjectSettings
            {
                Name = Path.GetFileName(context.Root),
                StateDirectory = Path.GetFullPath(Path.Combine(context.Root, ".weir")),
                Lake = new LakeSettings { Root = Path.GetFullPath(Path.Combine(context.Root, "lake")) },
            };
        }

        if (file.Root is not YamlMappingNode rootMap)
        {
            file.Error(DiagnosticCodes.InvalidValue, file.Root, $"{ProjectFileName} must be a map, not {YamlFile.Shape(file.Root)}",
                "write 'name: my_project' and the other settings as keys");
            return null;
        }

        var map = new YamlMap(file, rootMap, s_projectKeys);
        map.Require("name", ProjectFileName, "write 'name: my_project'");
        var engine = map.Word("engine", s_engines, s_plannedEngines) ?? "duckdb";
        return new ProjectSettings
        {
            Name = map.String("name") ?? Path.GetFileName(context.Root),
            Engine = engine,
            StateDirectory = ReadFolder(map, "state", context.Root, ".weir"),
            Lake = ReadLake(map, context.Root),
            External = map.StringList("external"),
            Vars = map.StringMap("vars"),
            RunDefaults = ReadRunDefaults(map),
        };
    }

    /// <summary>A folder relative to the project (<c>state:</c>, <c>lake.path:</c>), absolute.</summary>
    private static string ReadFolder(YamlMap map, string key, string root, string fallback)
    {
        var defaultPath = Path.GetFullPath(Path.Combine(root, fallback));
        if (map.String(key) is not { } folder)
        {
            return defaultPath;
        }

        try
        {
            return Path.GetFullPath(Path.Combine(root, folder));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            var node = map.Value(key)!;
            map.File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' is not a valid folder path: '{map.File.Show(node)}'",
                $"write a folder relative to the project, e.g. {fallback}");
            return defaultPath;
        }
    }

    /// <summary><c>lake: folder</c>, or <c>lake: { path, retention, checkpoint_interval, target_file_size }</c>.</summary>
    private static LakeSettings ReadLake(YamlMap project, string root)
    {
        if (project.Value("lake") is YamlScalarNode)
        {
            return new LakeSettings { Root = ReadFolder(project, "lake", root, "lake") };
        }

        if (project.Mapping("lake") is not { } node)
        {
            return new LakeSettings { Root = Path.GetFullPath(Path.Combine(root, "lake")) };
        }

        var lake = new YamlMap(project.File, node, s_lakeKeys);
        var defaults = new LakeSettings { Root = string.Empty };
        return new LakeSettings
        {
            Root = ReadFolder(lake, "path", root, "lake"),
            Retention = lake.Duration("retention", allowZero: true) ?? defaults.Retention,
            CheckpointInterval = lake.Integer("checkpoint_interval", minimum: 1) ?? defaults.CheckpointInterval,
            TargetFileSize = lake.Size("target_file_size") ?? defaults.TargetFileSize,
            ParquetVersion = lake.Choice("parquet_version", s_parquetVersions) is { } version and > 0 ? version : defaults.ParquetVersion,
        };
    }

    private static RunDefaults ReadRunDefaults(YamlMap project)
    {
        if (project.Mapping("run") is not { } node)
        {
            return new RunDefaults();
        }

        var run = new YamlMap(project.File, node, s_runKeys);
        var defaults = new RunDefaults();
        return new RunDefaults
        {
            Threads = run.Integer("threads", minimum: 1) ?? defaults.Threads,
            Retries = run.Integer("retries", minimum: 0) ?? defaults.Retries,
            RetryDelay = run.Duration("retry_delay", allowZero: true) ?? defaults.RetryDelay,
            Timeout = run.Duration("timeout", allowZero: false) ?? defaults.Timeout,
        };
    }
}
