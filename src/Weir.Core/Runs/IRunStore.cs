using Weir.Checks;

namespace Weir.Runs;

/// <summary>Where runs, per-asset outcomes and check results are kept (operational metadata).</summary>
public interface IRunStore
{
    /// <summary>Records the start of a run.</summary>
    Task StartRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces one asset's record in a run.</summary>
    Task SaveAssetAsync(string runId, AssetRunRecord asset, CancellationToken cancellationToken = default);

    /// <summary>Stores check results of a run.</summary>
    Task SaveCheckResultsAsync(string runId, IReadOnlyList<CheckResult> results, CancellationToken cancellationToken = default);

    /// <summary>Records the end of a run.</summary>
    Task CompleteRunAsync(string runId, RunStatus status, DateTimeOffset endedAt, CancellationToken cancellationToken = default);

    /// <summary>The newest runs first, without asset records.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>One run with its asset records, or <see langword="null"/>.</summary>
    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Check results of a run, in the order saved.</summary>
    Task<IReadOnlyList<CheckResult>> GetCheckResultsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// When the asset last finished a successful build or load (in any run), or <see langword="null"/> when none is recorded;
    /// read by <c>freshness</c> checks without a column.
    /// </summary>
    /// <remarks>The default implementation knows no history and returns <see langword="null"/>; stores override it.</remarks>
    Task<DateTimeOffset?> GetLastSuccessAsync(string asset, CancellationToken cancellationToken = default) =>
        Task.FromResult<DateTimeOffset?>(null);
}
