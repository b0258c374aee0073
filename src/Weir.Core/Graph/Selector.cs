using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Graph;

/// <summary>
/// Selects assets of an <see cref="AssetGraph"/> with dbt's selection syntax: <c>name</c>, <c>+name</c> (with every
/// upstream), <c>name+</c> (with every downstream), <c>+name+</c>, depth-limited <c>2+name</c> and <c>name+1</c>, and
/// the methods <c>tag:x</c>, <c>source:x</c>, <c>model:x</c>, <c>seed:x</c>. Selectors separated by spaces or commas
/// are a union. Names and tags compare case-insensitively.
/// </summary>
public static class Selector
{
    private const string Syntax =
        "write name, +name, name+, 2+name+1, tag:x, source:x, model:x or seed:x; separate several with spaces or commas";

    /// <summary>
    /// The names of the selected assets (as the graph spells them; the set compares case-insensitively). A selector
    /// that is malformed or matches nothing adds a <see cref="DiagnosticCodes.InvalidSelector"/> error.
    /// </summary>
    public static IReadOnlySet<string> Select(AssetGraph graph, string selection, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var selected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var texts = selection.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (texts.Length == 0)
        {
            diagnostics.Error(DiagnosticCodes.InvalidSelector, SourceLocation.None, "the selection is empty", Syntax);
            return selected;
        }

        foreach (var text in texts)
        {
            if (SelectorTerm.Parse(text, out var error) is not { } term)
            {
                diagnostics.Error(DiagnosticCodes.InvalidSelector, SourceLocation.None, error!, Syntax);
                continue;
            }

            var matched = Match(graph, term);
            if (matched.Count == 0)
            {
                diagnostics.Error(DiagnosticCodes.InvalidSelector, SourceLocation.None, $"selector '{text}' matches nothing",
                    NoMatchHint(graph, term));
                continue;
            }

            selected.UnionWith(matched);
            if (term.WithUpstream)
            {
                selected.UnionWith(Walk(graph, matched, n => n.Upstream, term.UpstreamDepth));
            }

            if (term.WithDownstream)
            {
                selected.UnionWith(Walk(graph, matched, n => n.Downstream, term.DownstreamDepth));
            }
        }

        return selected;
    }

    private static List<string> Match(AssetGraph graph, SelectorTerm term)
    {
        if (term.Method == "tag")
        {
            return [.. graph.TopologicalOrder.Where(n => graph[n].Spec.Tags.Contains(term.Value, StringComparer.OrdinalIgnoreCase))];
        }

        if (!graph.Nodes.TryGetValue(term.Value, out var node))
        {
            return [];
        }

        var kind = term.Method switch
        {
            "source" => AssetKind.Source,
            "model" => AssetKind.Model,
            "seed" => AssetKind.Seed,
            _ => node.Kind,
        };
        return node.Kind == kind ? [node.Name] : [];
    }

    /// <summary>Breadth-first from every start node at once, up to <paramref name="depth"/> generations (all when null).</summary>
    private static HashSet<string> Walk(AssetGraph graph, List<string> starts, Func<AssetNode, IReadOnlyList<string>> next, int? depth)
    {
        var seen = new HashSet<string>(starts, StringComparer.OrdinalIgnoreCase);
        var frontier = starts;
        for (var generation = 0; frontier.Count > 0 && (depth is null || generation < depth); generation++)
        {
            var following = new List<string>();
            foreach (var name in frontier)
            {
                foreach (var neighbour in next(graph[name]))
                {
                    if (seen.Add(neighbour))
                    {
                        following.Add(neighbour);
                    }
                }
            }

            frontier = following;
        }

        return seen;
    }

    private static string NoMatchHint(AssetGraph graph, SelectorTerm term)
    {
        if (term.Method == "tag")
        {
            var tags = graph.Nodes.Values.SelectMany(n => n.Spec.Tags).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return NameSuggestions.DidYouMean(term.Value, tags) is { } tag ? $"{tag} (no asset has tag '{term.Value}')"
                : $"no asset has tag '{term.Value}'";
        }

        if (graph.Nodes.TryGetValue(term.Value, out var node))
        {
            return $"'{node.Name}' is a {node.Kind.ToString().ToLowerInvariant()}, not a {term.Method}";
        }

        var candidates = term.Method switch
        {
            "source" => graph.OfKind(AssetKind.Source).Select(n => n.Name),
            "model" => graph.OfKind(AssetKind.Model).Select(n => n.Name),
            "seed" => graph.OfKind(AssetKind.Seed).Select(n => n.Name),
            _ => graph.Nodes.Values.Select(n => n.Name),
        };
        return NameSuggestions.DidYouMean(term.Value, candidates) ?? $"no asset is named '{term.Value}'";
    }
}
