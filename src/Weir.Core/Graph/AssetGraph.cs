using Weir.Project;

namespace Weir.Graph;

/// <summary>
/// The DAG of a project: an edge from A to B when B's SQL reads A. Names compare case-insensitively,
/// as SQL identifiers do. Built by <see cref="GraphBuilder"/>; immutable.
/// </summary>
public sealed class AssetGraph
{
    private readonly Dictionary<string, AssetNode> _nodes;

    /// <summary>Creates a graph from nodes whose upstream lists are already resolved and acyclic.</summary>
    /// <exception cref="ArgumentException">An upstream name is not a node of the graph, or the nodes form a cycle.</exception>
    public AssetGraph(IEnumerable<AssetNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _nodes = new Dictionary<string, AssetNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in nodes)
        {
            _nodes.Add(node.Name, node);
        }

        var downstream = _nodes.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var node in _nodes.Values)
        {
            foreach (var up in node.Upstream)
            {
                if (!downstream.TryGetValue(up, out var list))
                {
                    throw new ArgumentException($"Asset '{node.Name}' reads '{up}', which is not in the graph.", nameof(nodes));
                }

                list.Add(node.Name);
            }
        }

        foreach (var (name, list) in downstream)
        {
            list.Sort(StringComparer.OrdinalIgnoreCase);
            _nodes[name].Downstream = list;
        }

        TopologicalOrder = Sort(_nodes);
    }

    /// <summary>Nodes by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, AssetNode> Nodes => _nodes;

    /// <summary>Every node name, upstreams before downstreams; ties broken by name, so the order is stable.</summary>
    public IReadOnlyList<string> TopologicalOrder { get; }

    /// <summary>The number of nodes.</summary>
    public int Count => _nodes.Count;

    /// <summary>Whether the graph has an asset of that name.</summary>
    public bool Contains(string name) => _nodes.ContainsKey(name);

    /// <summary>The node of that name.</summary>
    /// <exception cref="KeyNotFoundException">No such asset.</exception>
    public AssetNode this[string name] => _nodes[name];

    /// <summary>Every asset the named one reads, directly or not.</summary>
    public IReadOnlySet<string> Ancestors(string name) => Walk(name, n => n.Upstream);

    /// <summary>Every asset that reads the named one, directly or not.</summary>
    public IReadOnlySet<string> Descendants(string name) => Walk(name, n => n.Downstream);

    /// <summary>
    /// The graph restricted to <paramref name="names"/>: edges to assets outside it are dropped
    /// (they are taken as already built).
    /// </summary>
    public AssetGraph Subgraph(IEnumerable<string> names)
    {
        var keep = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        return new AssetGraph(_nodes.Values
            .Where(n => keep.Contains(n.Name))
            .Select(n => new AssetNode(n.Spec, [.. n.Upstream.Where(keep.Contains)], n.External)));
    }

    /// <summary>Assets of one kind, in topological order.</summary>
    public IEnumerable<AssetNode> OfKind(AssetKind kind) => TopologicalOrder.Select(n => _nodes[n]).Where(n => n.Kind == kind);

    private HashSet<string> Walk(string name, Func<AssetNode, IReadOnlyList<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stack = new Stack<string>(next(_nodes[name]));
        while (stack.TryPop(out var current))
        {
            if (seen.Add(current))
            {
                foreach (var n in next(_nodes[current]))
                {
                    stack.Push(n);
                }
            }
        }

        return seen;
    }

    private static List<string> Sort(Dictionary<string, AssetNode> nodes)
    {
        // Kahn's algorithm with a sorted ready set: deterministic order, linear-ish in edges.
        var indegree = nodes.Values.ToDictionary(n => n.Name, n => n.Upstream.Count, StringComparer.OrdinalIgnoreCase);
        var ready = new SortedSet<string>(indegree.Where(kv => kv.Value == 0).Select(kv => kv.Key), StringComparer.OrdinalIgnoreCase);
        var order = new List<string>(nodes.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var down in nodes[next].Downstream)
            {
                if (--indegree[down] == 0)
                {
                    ready.Add(down);
                }
            }
        }

        if (order.Count != nodes.Count)
        {
            throw new ArgumentException("The assets form a cycle; use GraphBuilder, which reports it as a diagnostic.", nameof(nodes));
        }

        return order;
    }
}
