namespace Weir.Project;

/// <summary>What <c>weir.yaml</c> says.</summary>
internal sealed class ProjectSettings
{
    public required string Name { get; init; }

    public string Engine { get; init; } = "duckdb";

    public required string StateDirectory { get; init; }

    public IReadOnlyList<string> External { get; init; } = [];

    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    public RunDefaults RunDefaults { get; init; } = new();

    public required LakeSettings Lake { get; init; }
}
