namespace Weir.Orchestration;

/// <summary>What the <see cref="Executor"/> does with each asset.</summary>
public enum ExecutionMode
{
    /// <summary>Build the asset, then run its checks (<c>weir run</c>). A failure skips everything downstream.</summary>
    BuildAndCheck,

    /// <summary>Run the checks on the tables as they are, building nothing (<c>weir test</c>). Nothing is skipped.</summary>
    CheckOnly,
}
