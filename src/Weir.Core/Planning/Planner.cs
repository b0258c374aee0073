using Weir.Graph;
using Weir.Runs;

namespace Weir.Planning;

/// <summary>Decides what a run builds: a selection of the graph, or what a previous run left undone.</summary>
public static class Planner
{
    /// <summary>
    /// Plans every asset of <paramref name="graph"/> (reason <c>all</c>), or only the <paramref name="selection"/>
    /// (reason <c>selected</c>; see <see cref="Selector"/>), upstreams first.
    /// </summary>
    /// <exception cref="ArgumentException">The selection names an asset that is not in the graph.</exception>
    public static Plan Create(AssetGraph graph, IReadOnlySet<string>? selection = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (selection is null)
        {
            return Build(graph, graph.TopologicalOrder, _ => "all");
        }

        foreach (var name in selection)
        {
            if (!graph.Contains(name))
            {
                throw new ArgumentException($"The selection names '{name}', which is not in the graph.", nameof(selection));
            }
        }

        return Build(graph, selection, _ => "selected");
    }

    /// <summary>
    /// Plans what <paramref name="previous"/> left undone: its assets that failed, were skipped or cancelled, or never
    /// finished (pending, running), upstreams first. Assets that succeeded are left out: their tables stand. Assets no
    /// longer in the graph are ignored.
    /// </summary>
    public static Plan Resume(AssetGraph graph, RunRecord previous)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(previous);
        var reasons = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var asset in previous.Assets)
        {
            if (graph.Contains(asset.Asset) && Undone(asset.Status) is { } word)
            {
                reasons[asset.Asset] = $"{word} in run {previous.RunId}";
            }
            else
            {
                reasons.Remove(asset.Asset);
            }
        }

        return Build(graph, reasons.Keys, name => reasons[name]);
    }

    private static string? Undone(AssetStatus status) => status switch
    {
        AssetStatus.Failed => "failed",
        AssetStatus.Skipped => "skipped",
        AssetStatus.Cancelled => "cancelled",
        AssetStatus.Pending => "not started",
        AssetStatus.Running => "interrupted",
        _ => null,
    };

    private static Plan Build(AssetGraph graph, IEnumerable<string> names, Func<string, string> reason)
    {
        var subgraph = graph.Subgraph(names);
        var steps = subgraph.TopologicalOrder.Select(name => new PlanStep(subgraph[name], reason(name))).ToList();
        return new Plan(steps, subgraph);
    }
}
