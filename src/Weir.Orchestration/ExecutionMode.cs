namespace Weir.Orchestration;

/// <summary>What the <see cref="Executor"/> does with each asset.</summary>
public enum ExecutionMode
{
    /// <summary>Build the asset, then run its checks (<c>weir run</c>). A failure skips everything downstream.</summary>
    BuildAndCheck,

    /// <summary>Run the checks on the tables as they are, building nothing (<c>weir test</c>). Nothing is skipped.</summary>
    /// <remarks>
    /// Assets do not wait for their upstreams (the tables exist already) but still start in topological order, in parallel.
    /// An asset fails when an error-severity check does not pass; its record shows one attempt and no row count.
    /// </remarks>
    CheckOnly,
}
