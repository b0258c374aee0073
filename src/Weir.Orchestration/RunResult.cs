using Weir.Checks;
using Weir.Runs;

namespace Weir.Orchestration;

/// <summary>The outcome of one <see cref="Executor.RunAsync"/>.</summary>
public sealed class RunResult
{
    /// <summary>The run's id, as recorded in the run store.</summary>
    public required string RunId { get; init; }

    /// <summary>
    /// <see cref="RunStatus.Succeeded"/> when every asset succeeded, <see cref="RunStatus.Cancelled"/> when the run was
    /// cancelled before every asset finished, otherwise <see cref="RunStatus.Failed"/> (an asset failed or was skipped).
    /// </summary>
    public required RunStatus Status { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Every asset's final record, in the graph's topological order.</summary>
    public required IReadOnlyList<AssetRunRecord> Assets { get; init; }

    /// <summary>Every check result, asset by asset in topological order, each asset's in the check runner's order.</summary>
    public required IReadOnlyList<CheckResult> Checks { get; init; }
}
