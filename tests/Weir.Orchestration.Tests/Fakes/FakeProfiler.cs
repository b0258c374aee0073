using System.Collections.Concurrent;
using Weir.Checks;
using Weir.Graph;

namespace Weir.Orchestration.Fakes;

/// <summary>Records which assets were profiled, in which run; throws for assets told to.</summary>
internal sealed class FakeProfiler : IAssetProfiler
{
    private readonly Dictionary<string, Exception> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Asset, string RunId)> _profiled = new();

    public IReadOnlyCollection<(string Asset, string RunId)> Profiled => _profiled;

    public FakeProfiler Throwing(string asset, Exception exception)
    {
        _failures[asset] = exception;
        return this;
    }

    public Task<TableProfile?> ProfileAsync(AssetNode asset, string runId, CancellationToken cancellationToken = default)
    {
        if (_failures.TryGetValue(asset.Name, out var failure))
        {
            return Task.FromException<TableProfile?>(failure);
        }

        _profiled.Enqueue((asset.Name, runId));
        return Task.FromResult<TableProfile?>(new TableProfile { Asset = asset.Name, RunId = runId, ProfiledAt = default, RowCount = 0, Columns = [] });
    }
}
