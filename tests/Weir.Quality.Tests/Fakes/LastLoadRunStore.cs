using Weir.Checks;
using Weir.Runs;

namespace Weir.Quality.Tests.Fakes;

/// <summary>A run store that knows only each asset's last successful load.</summary>
internal sealed class LastLoadRunStore(Dictionary<string, DateTimeOffset> lastLoads) : IRunStore
{
    public Task<DateTimeOffset?> GetLastSuccessAsync(string asset, CancellationToken cancellationToken = default) =>
        Task.FromResult(lastLoads.TryGetValue(asset, out var at) ? at : (DateTimeOffset?)null);

    public Task StartRunAsync(RunRecord run, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task SaveAssetAsync(string runId, AssetRunRecord asset, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task SaveCheckResultsAsync(string runId, IReadOnlyList<CheckResult> results, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task CompleteRunAsync(string runId, RunStatus status, DateTimeOffset endedAt, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<CheckResult>> GetCheckResultsAsync(string runId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
