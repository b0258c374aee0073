using Weir.Checks;
using Weir.Runs;

namespace Weir.Orchestration;

/// <summary>What a worker reports to the run's coordinator when it is done with one asset.</summary>
internal sealed class AssetOutcome
{
    public AssetOutcome(int index, AssetRunRecord record, IReadOnlyList<CheckResult> checks, Exception? fault)
    {
        Index = index;
        Record = record;
        Checks = checks;
        Fault = fault;
    }

    /// <summary>The asset's position in the topological order.</summary>
    public int Index { get; }

    /// <summary>The asset's final record.</summary>
    public AssetRunRecord Record { get; }

    /// <summary>The asset's check results.</summary>
    public IReadOnlyList<CheckResult> Checks { get; }

    /// <summary>A failure outside the asset (the run store): it stops the run.</summary>
    public Exception? Fault { get; }
}
