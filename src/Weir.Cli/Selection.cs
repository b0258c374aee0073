using Weir.Cli.Rendering;
using Weir.Diagnostics;
using Weir.Graph;

namespace Weir.Cli;

/// <summary>Applies <c>--select</c> to a graph, reporting bad selectors as diagnostics.</summary>
internal static class Selection
{
    public static AssetGraph Apply(AssetGraph graph, string[]? selectors, CliConsole console)
    {
        if (selectors is null || selectors.Length == 0)
        {
            return graph;
        }

        var diagnostics = new DiagnosticBag();
        var names = Selector.Select(graph, string.Join(' ', selectors), diagnostics);
        DiagnosticPrinter.Print(console.HumanError, diagnostics.Items);
        if (diagnostics.HasErrors)
        {
            throw new CliException("the selection is not valid");
        }

        return graph.Subgraph(names);
    }
}
