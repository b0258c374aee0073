using Weir.Graph;

namespace Weir.Planning;

/// <summary>What a run will do: the assets to build in a topological order, and the graph they form.</summary>
public sealed class Plan
{
    /// <summary>Creates a plan.</summary>
    /// <param name="steps">The assets to build, upstreams first.</param>
    /// <param name="subgraph">The graph restricted to the steps' assets (edges to other assets dropped: they stand as built).</param>
    public Plan(IReadOnlyList<PlanStep> steps, AssetGraph subgraph)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(subgraph);
        Steps = steps;
        Subgraph = subgraph;
    }

    /// <summary>The assets to build, in a topological order of <see cref="Subgraph"/>.</summary>
    public IReadOnlyList<PlanStep> Steps { get; }

    /// <summary>The graph restricted to the planned assets; the executor schedules over it.</summary>
    public AssetGraph Subgraph { get; }

    /// <summary>Whether there is nothing to do.</summary>
    public bool IsEmpty => Steps.Count == 0;
}
