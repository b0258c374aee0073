using YamlDotNet.RepresentationModel;
using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>
/// Loads a project folder into a <see cref="ProjectSpec"/>: <c>weir.yaml</c>, <c>sources/*.yaml</c>,
/// <c>models/**/*.sql</c> and <c>models/**/*.yaml</c>, <c>seeds/*.csv</c>, with <c>${VAR}</c> interpolation.
/// </summary>
/// <remarks>
/// Every mistake is reported as a <see cref="Diagnostic"/> with the file (relative to the project, with <c>/</c>)
/// and line; loading never stops at the first one and never throws for a user's mistake.
/// </remarks>
public sealed partial class ProjectLoader
{
    /// <summary>The project file's name.</summary>
    public const string ProjectFileName = "weir.yaml";

    private static readonly string[] s_yamlExtensions = [".yaml", ".yml"];

    private readonly Func<string, string?> _environment;

    /// <summary>Creates a loader that reads variables from the process environment.</summary>
    public ProjectLoader()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>Creates a loader that reads variables through <paramref name="environment"/> (tests pass a dictionary).</summary>
    public ProjectLoader(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
    }

    /// <summary>
    /// Loads the project in <paramref name="directory"/>. Every mistake found is added to <paramref name="diagnostics"/>;
    /// the result is <see langword="null"/> only when not even <c>weir.yaml</c> could be read. Callers check
    /// <see cref="DiagnosticBag.HasErrors"/> before using the result.
    /// </summary>
    public ProjectSpec? Load(string directory, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var root = Path.GetFullPath(directory);
        var context = new LoadContext(root, diagnostics, new EnvironmentInterpolator(_environment));
        var settingsPath = Path.Combine(root, ProjectFileName);
        if (!File.Exists(settingsPath))
        {
            var hint = File.Exists(Path.Combine(root, "weir.yml")) ? "rename weir.yml to weir.yaml"
                : Directory.Exists(root) ? "run 'weir init' to create a project, or point --project at one"
                : "the folder does not exist";
            diagnostics.Error(DiagnosticCodes.MissingProjectFile, new SourceLocation(ProjectFileName, 0),
                $"no {ProjectFileName} in '{root}'", hint);
            return null;
        }

        var settings = LoadSettings(context, settingsPath);
        var sources = LoadSources(context);
        var seeds = LoadSeeds(context);
        var models = LoadModels(context);
        RemoveDuplicateNames(context, sources, seeds, models);
        if (settings is null)
        {
            return null;
        }

        return new ProjectSpec
        {
            Name = settings.Name,
            RootDirectory = root,
            Engine = settings.Engine,
            StateDirectory = settings.StateDirectory,
            Lake = settings.Lake,
            External = settings.External,
            Vars = settings.Vars,
            RunDefaults = settings.RunDefaults,
            Sources = sources,
            Seeds = seeds,
            Models = models,
        };
    }

    /// <summary>
    /// Asset names are table names: unique across sources, seeds and models, ignoring case. The first declaration
    /// (sources, then seeds, then models) is kept; each later one is reported and dropped.
    /// </summary>
    private static void RemoveDuplicateNames(LoadContext context, List<SourceSpec> sources, List<SeedSpec> seeds, List<ModelSpec> models)
    {
        var seen = new Dictionary<string, AssetSpec>(StringComparer.OrdinalIgnoreCase);
        bool Keep(AssetSpec asset)
        {
            if (seen.TryAdd(asset.Name, asset))
            {
                return true;
            }

            var first = seen[asset.Name];
            context.Diagnostics.Error(DiagnosticCodes.DuplicateName, asset.Location,
                $"asset name '{asset.Name}' is used twice: {Describe(first)} and {Describe(asset)}",
                "asset names are table names and must be unique, ignoring case; rename one");
            return false;
        }

        sources.RemoveAll(s => !Keep(s));
        seeds.RemoveAll(s => !Keep(s));
        models.RemoveAll(m => !Keep(m));
    }

    private static string Describe(AssetSpec asset) =>
        $"{asset.Kind.ToString().ToLowerInvariant()} at {asset.Location}";

    /// <summary>
    /// The mappings of a top-level list (<c>sources:</c>, <c>models:</c>, <c>seeds:</c>). An empty file, or one
    /// without the key, has none.
    /// </summary>
    private static IEnumerable<YamlMap> Entries(YamlFile file, string topKey, string what, IReadOnlyList<string> keys)
    {
        if (file.Root is null || YamlFile.IsNull(file.Root))
        {
            yield break;
        }

        if (file.Root is not YamlMappingNode rootMap)
        {
            file.Error(DiagnosticCodes.InvalidValue, file.Root,
                $"the file must be a map with '{topKey}:' at the top, not {YamlFile.Shape(file.Root)}",
                $"start the file with '{topKey}:' and list each {what} under it");
            yield break;
        }

        var top = new YamlMap(file, rootMap, [topKey]);
        if (top.Sequence(topKey) is not { } items)
        {
            yield break;
        }

        foreach (var item in items.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                yield return new YamlMap(file, mapping, keys);
            }
            else
            {
                file.Error(DiagnosticCodes.InvalidValue, item, $"each {what} must be a map with 'name:', not {YamlFile.Shape(item)}",
                    $"write '- name: my_{what}' and its keys below it");
            }
        }
    }

    /// <summary>
    /// Reads the keys every asset entry may have (name, description, owner, tags, columns, checks, retries, timeout);
    /// <see langword="null"/> when the name is missing.
    /// </summary>
    private static readonly Dictionary<string, LakeZone> s_zones = new(StringComparer.Ordinal)
    {
        ["raw"] = LakeZone.Raw,
        ["staging"] = LakeZone.Staging,
        ["curated"] = LakeZone.Curated,
    };

    private static AssetEntry? ReadEntry(YamlMap map, string what)
    {
        map.Require("name", what);
        var name = map.String("name");
        var entry = new AssetEntry
        {
            Name = name ?? string.Empty,
            Location = map.Location,
            Description = map.String("description"),
            Owner = map.String("owner"),
            Tags = map.StringList("tags"),
            Columns = ReadColumns(map),
            Checks = ReadChecks(map, column: null),
            Retries = map.Integer("retries", minimum: 0),
            Timeout = map.Duration("timeout", allowZero: false),
            Zone = map.Choice("zone", s_zones),
            PartitionBy = map.StringList("partition_by"),
            Profile = map.Choice("profile", s_booleans),
        };
        RejectMisplacedQuarantine(map.File, entry, what);
        return name is null ? null : entry;
    }
}
