namespace Weir.Runs;

/// <summary>
/// Where the schema changes of assets' tables are kept (technical metadata), next to the runs that made them. A run
/// store implements it when it can; the executor records the changes a build reports (<see cref="Execution.BuildResult.SchemaChanges"/>).
/// </summary>
public interface ISchemaHistoryStore
{
    /// <summary>Stores schema changes made in a run.</summary>
    Task SaveSchemaChangesAsync(string runId, IReadOnlyList<SchemaChange> changes, CancellationToken cancellationToken = default);

    /// <summary>An asset's schema changes, oldest first (by version, then in the order saved).</summary>
    Task<IReadOnlyList<SchemaChange>> GetSchemaChangesAsync(string asset, CancellationToken cancellationToken = default);
}
