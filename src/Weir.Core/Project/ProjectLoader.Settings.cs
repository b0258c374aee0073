using YamlDotNet.RepresentationModel;
using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_projectKeys = ["name", "engine", "state", "external", "vars", "run"];
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
            StateDirectory = ReadStateDirectory(map, context.Root),
            External = map.StringList("external"),
            Vars = map.StringMap("vars"),
            RunDefaults = ReadRunDefaults(map),
        };
    }

    private static string ReadStateDirectory(YamlMap project, string root)
    {
        var fallback = Path.Combine(root, ".weir");
        if (project.String("state") is not { } state)
        {
            return fallback;
        }

        try
        {
            return Path.GetFullPath(Path.Combine(root, state));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            var node = project.Value("state")!;
            project.File.Error(DiagnosticCodes.InvalidValue, node, $"'state' is not a valid folder path: '{project.File.Show(node)}'",
                "write a folder relative to the project, e.g. .weir");
            return fallback;
        }
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
