namespace Weir.Graph;

/// <summary>
/// Finds the cycles of a directed graph given as adjacency lists over node indices: every strongly connected component
/// with more than one node or a self-edge (Tarjan's algorithm, iterative so that deep graphs cannot overflow the stack).
/// </summary>
internal static class CycleFinder
{
    /// <summary>The nodes of each cyclic component, each component in discovery order.</summary>
    public static List<List<int>> FindCyclicComponents(IReadOnlyList<IReadOnlyList<int>> edges)
    {
        var count = edges.Count;
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var calls = new Stack<(int Node, int NextEdge)>();
        var components = new List<List<int>>();
        var next = 0;

        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            Visit(root);
            while (calls.Count > 0)
            {
                var (node, edge) = calls.Pop();
                if (edge < edges[node].Count)
                {
                    calls.Push((node, edge + 1));
                    var target = edges[node][edge];
                    if (index[target] < 0)
                    {
                        Visit(target);
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }

                    continue;
                }

                if (calls.Count > 0)
                {
                    var parent = calls.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);

                    if (component.Count > 1 || edges[node].Contains(node))
                    {
                        component.Reverse();
                        components.Add(component);
                    }
                }
            }
        }

        return components;

        void Visit(int node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack[node] = true;
            calls.Push((node, 0));
        }
    }

    /// <summary>
    /// A shortest cycle through <paramref name="start"/> inside <paramref name="component"/>, as the nodes in edge order
    /// beginning with <paramref name="start"/> (the closing return to it is not repeated). Neighbours are tried in list order.
    /// </summary>
    public static List<int> ShortestCycleThrough(int start, IReadOnlyList<IReadOnlyList<int>> edges, IReadOnlySet<int> component)
    {
        var parent = new Dictionary<int, int> { [start] = -1 };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.TryDequeue(out var node))
        {
            foreach (var target in edges[node])
            {
                if (target == start)
                {
                    var path = new List<int>();
                    for (var at = node; at != -1; at = parent[at])
                    {
                        path.Add(at);
                    }

                    path.Reverse();
                    return path;
                }

                if (component.Contains(target) && parent.TryAdd(target, node))
                {
                    queue.Enqueue(target);
                }
            }
        }

        // Unreachable for a strongly connected component: every member reaches every other.
        return [start];
    }
}
