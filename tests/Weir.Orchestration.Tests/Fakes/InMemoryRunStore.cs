using Weir.Checks;
using Weir.Runs;

namespace Weir.Orchestration.Fakes;

/// <summary>A thread-safe run store in memory that also keeps every call, for assertions.</summary>
internal sealed class InMemoryRunStore : IRunStore
{
    private readonly Lock _lock = new();
    private readonly List<RunRecord> _runs = [];
    private readonly Dictionary<string, Dictionary<string, AssetRunRecord>> _assets = [];
    private readonly Dictionary<string, List<CheckResult>> _checks = [];
    private readonly List<(string RunId, AssetRunRecord Record)> _assetSaves = [];

    public IReadOnlyList<(string RunId, AssetRunRecord Record)> AssetSaves
    {
        get
        {
            lock (_lock)
            {
                return [.. _assetSaves];
            }
        }
    }

    public int CompleteCalls { get; private set; }

    /// <summary>When set and true for a record, <see cref="SaveAssetAsync"/> throws as a broken database would.</summary>
    public Func<AssetRunRecord, bool>? FailSave { get; init; }

    public Task StartRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _runs.Add(run);
            _assets[run.RunId] = new(StringComparer.OrdinalIgnoreCase);
            _checks[run.RunId] = [];
        }

        return Task.CompletedTask;
    }

    public Task SaveAssetAsync(string runId, AssetRunRecord asset, CancellationToken cancellationToken = default)
    {
        if (FailSave?.Invoke(asset) == true)
        {
            return Task.FromException(new IOException("disk full"));
        }

        lock (_lock)
        {
            _assets[runId][asset.Asset] = asset;
            _assetSaves.Add((runId, asset));
        }

        return Task.CompletedTask;
    }

    public Task SaveCheckResultsAsync(string runId, IReadOnlyList<CheckResult> results, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _checks[runId].AddRange(results);
        }

        return Task.CompletedTask;
    }

    public Task CompleteRunAsync(string runId, RunStatus status, DateTimeOffset endedAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var index = _runs.FindIndex(r => r.RunId == runId);
            var run = _runs[index];
            _runs[index] = new RunRecord
            {
                RunId = run.RunId,
                Command = run.Command,
                Selector = run.Selector,
                ResumedFrom = run.ResumedFrom,
                StartedAt = run.StartedAt,
                EndedAt = endedAt,
                Status = status,
            };
            CompleteCalls++;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<RunRecord>>([.. Enumerable.Reverse(_runs).Take(limit)]);
        }
    }

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var run = _runs.Find(r => r.RunId == runId);
            return Task.FromResult(run is null ? null : new RunRecord
            {
                RunId = run.RunId,
                Command = run.Command,
                Selector = run.Selector,
                ResumedFrom = run.ResumedFrom,
                StartedAt = run.StartedAt,
                EndedAt = run.EndedAt,
                Status = run.Status,
                Assets = [.. _assets[runId].Values],
            });
        }
    }

    public Task<IReadOnlyList<CheckResult>> GetCheckResultsAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<CheckResult>>([.. _checks.GetValueOrDefault(runId) ?? []]);
        }
    }
}
