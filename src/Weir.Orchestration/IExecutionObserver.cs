using Weir.Checks;
using Weir.Runs;

namespace Weir.Orchestration;

/// <summary>
/// Progress callbacks from an <see cref="Executor"/> run. Every member has an empty default, so an observer implements
/// only what it needs.
/// </summary>
/// <remarks>
/// Callbacks come from several threads at once (one per asset being processed) and must be quick and thread-safe.
/// An exception thrown by a callback is logged and otherwise ignored: it never fails the run.
/// </remarks>
public interface IExecutionObserver
{
    /// <summary>The run has been recorded and its first assets are about to start.</summary>
    /// <param name="runId">The new run's id.</param>
    /// <param name="assetCount">Assets in the run.</param>
    void RunStarted(string runId, int assetCount)
    {
    }

    /// <summary>An asset started (its upstreams all succeeded, and a thread was free).</summary>
    /// <param name="asset">The asset's name.</param>
    void AssetStarted(string asset)
    {
    }

    /// <summary>An attempt to build an asset failed and another will follow after <paramref name="delay"/>.</summary>
    /// <param name="asset">The asset's name.</param>
    /// <param name="attempt">The attempt that failed: 1 for the first.</param>
    /// <param name="delay">The wait before the next attempt (exponential backoff with jitter).</param>
    /// <param name="error">Why the attempt failed.</param>
    void AssetRetrying(string asset, int attempt, TimeSpan delay, string error)
    {
    }

    /// <summary>
    /// An asset reached its final state: succeeded, failed, skipped (with the reason in <see cref="AssetRunRecord.Error"/>)
    /// or cancelled. Assets skipped or cancelled before they started get this callback without <see cref="AssetStarted"/>.
    /// </summary>
    /// <param name="record">The asset's final record, as saved to the run store.</param>
    /// <param name="checkResults">Results of its checks; empty when none ran.</param>
    void AssetFinished(AssetRunRecord record, IReadOnlyList<CheckResult> checkResults)
    {
    }

    /// <summary>The run ended and has been recorded as complete.</summary>
    /// <param name="result">The run's outcome.</param>
    void RunFinished(RunResult result)
    {
    }
}
