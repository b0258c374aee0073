namespace Weir.Project;

/// <summary>A loaded Weir project: <c>weir.yaml</c> plus every source, seed and model in its folder.</summary>
public sealed class ProjectSpec
{
    /// <summary>The default number of assets built at once.</summary>
    public const int DefaultThreads = 4;

    /// <summary>The project's name (<c>name:</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path of the project folder.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The engine (<c>engine:</c>); only <c>duckdb</c> for now.</summary>
    /// <value>Defaults to <c>duckdb</c>.</value>
    public string Engine { get; init; } = "duckdb";

    /// <summary>Absolute path of the folder for Weir's state (warehouse file, metadata store).</summary>
    /// <value>Defaults to <c>.weir/</c> in the project.</value>
    public required string StateDirectory { get; init; }

    /// <summary>Where the lake is and how it is kept (<c>lake:</c>).</summary>
    public required LakeSettings Lake { get; init; }

    /// <summary>Tables that models may read but Weir does not manage (<c>external:</c>).</summary>
    public IReadOnlyList<string> External { get; init; } = [];

    /// <summary>Project variables (<c>vars:</c>), after <c>${VAR}</c> interpolation.</summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    /// <summary>Defaults for runs (<c>run:</c>): threads, retries, timeout.</summary>
    public RunDefaults RunDefaults { get; init; } = new();

    /// <summary>Sources, in file order.</summary>
    public IReadOnlyList<SourceSpec> Sources { get; init; } = [];

    /// <summary>Seeds, by file name.</summary>
    public IReadOnlyList<SeedSpec> Seeds { get; init; } = [];

    /// <summary>Models, by path.</summary>
    public IReadOnlyList<ModelSpec> Models { get; init; } = [];

    /// <summary>Every asset: sources, seeds, models.</summary>
    public IEnumerable<AssetSpec> Assets => Sources.Cast<AssetSpec>().Concat(Seeds).Concat(Models);
}
