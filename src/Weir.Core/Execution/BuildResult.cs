namespace Weir.Execution;

/// <summary>What building one asset did.</summary>
public sealed class BuildResult
{
    /// <summary>Creates a result.</summary>
    public BuildResult(long? rows, string action)
    {
        Rows = rows;
        Action = action;
    }

    /// <summary>Rows the asset holds after the build (views: <see langword="null"/>).</summary>
    public long? Rows { get; }

    /// <summary>What was done, for people: <c>created table</c>, <c>merged 120 rows</c>, …</summary>
    public string Action { get; }

    /// <summary>For a source: what the load moved; <see langword="null"/> for models and seeds.</summary>
    public LoadMetrics? Load { get; init; }

    /// <summary>Column changes the build made or met in its table (sources), recorded in the schema history.</summary>
    public IReadOnlyList<Weir.Runs.SchemaChange> SchemaChanges { get; init; } = [];
}
