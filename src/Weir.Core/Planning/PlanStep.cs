using Weir.Graph;

namespace Weir.Planning;

/// <summary>One asset a run will build, and why.</summary>
public sealed class PlanStep
{
    /// <summary>Creates a step.</summary>
    public PlanStep(AssetNode asset, string reason)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(reason);
        Asset = asset;
        Reason = reason;
    }

    /// <summary>The asset, as a node of the plan's <see cref="Plan.Subgraph"/>.</summary>
    public AssetNode Asset { get; }

    /// <summary>The asset's name.</summary>
    public string Name => Asset.Name;

    /// <summary>Why it runs, for people: <c>all</c>, <c>selected</c>, <c>failed in run 42</c>, …</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Reason})";
}
