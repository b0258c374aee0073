using System.Collections.Concurrent;
using Weir.Execution;
using Weir.Graph;

namespace Weir.Orchestration.Fakes;

/// <summary>
/// A builder that runs a per-test function and records, in one global sequence, when each build started and finished.
/// </summary>
internal sealed class FakeAssetBuilder : IAssetBuilder
{
    private readonly Func<AssetNode, int, CancellationToken, Task<BuildResult>> _build;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<BuildEvent> _events = new();
    private int _sequence;
    private int _running;
    private int _maxRunning;

    /// <summary>Creates a builder; the function gets the asset, the 1-based attempt and the token.</summary>
    public FakeAssetBuilder(Func<AssetNode, int, CancellationToken, Task<BuildResult>> build) => _build = build;

    public static FakeAssetBuilder Succeeding() => new((_, _, _) => Task.FromResult(new BuildResult(1, "created table")));

    public IReadOnlyList<BuildEvent> Events => [.. _events.OrderBy(e => e.Sequence)];

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public int Running => Volatile.Read(ref _running);

    public int AttemptsOf(string asset) => _attempts.GetValueOrDefault(asset);

    public async Task<BuildResult> BuildAsync(AssetNode asset, CancellationToken cancellationToken = default)
    {
        var attempt = _attempts.AddOrUpdate(asset.Name, 1, static (_, n) => n + 1);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        _events.Enqueue(new BuildEvent(Interlocked.Increment(ref _sequence), asset.Name, Started: true));
        try
        {
            return await _build(asset, attempt, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _events.Enqueue(new BuildEvent(Interlocked.Increment(ref _sequence), asset.Name, Started: false));
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public sealed record BuildEvent(int Sequence, string Asset, bool Started);
}
