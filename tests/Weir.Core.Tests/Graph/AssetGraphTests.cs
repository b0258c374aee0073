using Weir.Diagnostics;
using Weir.Graph;
using Weir.Project;

namespace Weir.Core.Tests.Graph;

public sealed class AssetGraphTests
{
    private static AssetNode Model(string name, params string[] upstream) =>
        new(new ModelSpec { Name = name, Location = new SourceLocation($"models/{name}.sql", 1), Sql = "select 1", SqlFile = $"models/{name}.sql" },
            upstream, []);

    [Fact]
    public void TopologicalOrder_Diamond_UpstreamsFirstAndTiesByName()
    {
        var graph = new AssetGraph([Model("d", "b", "c"), Model("c", "a"), Model("b", "a"), Model("a")]);

        graph.TopologicalOrder.ShouldBe(["a", "b", "c", "d"]);
        graph["a"].Downstream.ShouldBe(["b", "c"]);
        graph.Ancestors("d").ShouldBe(["a", "b", "c"], ignoreOrder: true);
        graph.Descendants("b").ShouldBe(["d"]);
    }

    [Fact]
    public void Subgraph_DropsEdgesToAssetsOutside()
    {
        var graph = new AssetGraph([Model("c", "b"), Model("b", "a"), Model("a")]);

        var sub = graph.Subgraph(["b", "c"]);

        sub.Count.ShouldBe(2);
        sub["b"].Upstream.ShouldBeEmpty();
        sub.TopologicalOrder.ShouldBe(["b", "c"]);
    }

    [Fact]
    public void Constructor_Cycle_Throws()
    {
        Should.Throw<ArgumentException>(() => new AssetGraph([Model("a", "b"), Model("b", "a")]));
    }
}
