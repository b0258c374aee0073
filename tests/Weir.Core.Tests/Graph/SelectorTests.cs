using Weir.Diagnostics;
using Weir.Graph;
using Weir.Project;
using static Weir.Core.Tests.TestSupport.Specs;

namespace Weir.Core.Tests.Graph;

public sealed class SelectorTests
{
    private readonly DiagnosticBag _diagnostics = new();

    /// <summary>
    /// raw_orders -> stg_orders -> orders -> report; raw_customers and countries -> stg_customers -> orders.
    /// </summary>
    private static readonly AssetGraph s_graph = new(
    [
        new AssetNode(Source("raw_orders", tags: ["raw"]), [], []),
        new AssetNode(Source("raw_customers", tags: ["raw"]), [], []),
        new AssetNode(Seed("countries", tags: ["reference"]), [], []),
        new AssetNode(Model("stg_orders", "select 1", tags: ["staging"]), ["raw_orders"], []),
        new AssetNode(Model("stg_customers", "select 1", tags: ["staging"]), ["countries", "raw_customers"], []),
        new AssetNode(Model("orders", "select 1", tags: ["Finance"]), ["stg_customers", "stg_orders"], []),
        new AssetNode(Model("report", "select 1", tags: ["finance"]), ["orders"], []),
    ]);

    private IReadOnlySet<string> Select(string selection) => Selector.Select(s_graph, selection, _diagnostics);

    [Theory]
    [InlineData("orders", new[] { "orders" })]
    [InlineData("ORDERS", new[] { "orders" })]
    [InlineData("+orders", new[] { "countries", "orders", "raw_customers", "raw_orders", "stg_customers", "stg_orders" })]
    [InlineData("orders+", new[] { "orders", "report" })]
    [InlineData("+stg_orders+", new[] { "orders", "raw_orders", "report", "stg_orders" })]
    [InlineData("1+orders", new[] { "orders", "stg_customers", "stg_orders" })]
    [InlineData("2+report", new[] { "orders", "report", "stg_customers", "stg_orders" })]
    [InlineData("raw_orders+1", new[] { "raw_orders", "stg_orders" })]
    [InlineData("1+stg_customers+1", new[] { "countries", "orders", "raw_customers", "stg_customers" })]
    [InlineData("0+orders+0", new[] { "orders" })]
    [InlineData("tag:raw", new[] { "raw_customers", "raw_orders" })]
    [InlineData("tag:finance", new[] { "orders", "report" })]
    [InlineData("tag:staging+1", new[] { "orders", "stg_customers", "stg_orders" })]
    [InlineData("source:raw_orders", new[] { "raw_orders" })]
    [InlineData("seed:countries+", new[] { "countries", "orders", "report", "stg_customers" })]
    [InlineData("model:report", new[] { "report" })]
    [InlineData("Model:REPORT", new[] { "report" })]
    [InlineData("countries, report stg_orders", new[] { "countries", "report", "stg_orders" })]
    [InlineData("report,report", new[] { "report" })]
    [InlineData("tag:raw,+stg_customers", new[] { "countries", "raw_customers", "raw_orders", "stg_customers" })]
    public void Select_Selection_SelectsTheAssets(string selection, string[] expected)
    {
        var selected = Select(selection);

        _diagnostics.Items.ShouldBeEmpty();
        selected.Order(StringComparer.Ordinal).ShouldBe(expected);
    }

    [Fact]
    public void Select_Result_ComparesCaseInsensitively()
    {
        Select("report").Contains("REPORT").ShouldBeTrue();
    }

    [Theory]
    [InlineData("ordrs", "selector 'ordrs' matches nothing", "did you mean 'orders'?")]
    [InlineData("tag:fnance", "selector 'tag:fnance' matches nothing", "did you mean 'Finance'? (no asset has tag 'fnance')")]
    [InlineData("source:orders", "selector 'source:orders' matches nothing", "'orders' is a model, not a source")]
    [InlineData("seed:stg_ordrs", "selector 'seed:stg_ordrs' matches nothing", "no asset is named 'stg_ordrs'")]
    [InlineData("path:models/x", "selector 'path:models/x' uses the unknown method 'path'", null)]
    [InlineData("++orders", "selector '++orders' is not valid", null)]
    [InlineData("tag:", "selector 'tag:' names nothing after 'tag:'", null)]
    [InlineData("99999999999+orders", "selector '99999999999+orders' has a depth that is too large", null)]
    [InlineData(" , ", "the selection is empty", null)]
    public void Select_BadSelector_ReportsWeir400(string selection, string message, string? hint)
    {
        var selected = Select(selection);

        selected.ShouldBeEmpty();
        var error = _diagnostics.Items.ShouldHaveSingleItem();
        error.Code.ShouldBe(DiagnosticCodes.InvalidSelector);
        error.Severity.ShouldBe(DiagnosticSeverity.Error);
        error.Message.ShouldBe(message);
        if (hint is not null)
        {
            error.Hint.ShouldBe(hint);
        }
    }

    [Fact]
    public void Select_SomeSelectorsMatchNothing_ReportsEachAndKeepsTheRest()
    {
        var selected = Select("nope report also_nope");

        selected.ShouldBe(["report"]);
        _diagnostics.Items.Count.ShouldBe(2);
    }

    [Fact]
    public void Select_OnSubgraph_UsesOnlyItsEdges()
    {
        var sub = s_graph.Subgraph(["orders", "report"]);

        Selector.Select(sub, "+report", _diagnostics).Order(StringComparer.Ordinal).ShouldBe(["orders", "report"]);
        sub["orders"].Kind.ShouldBe(AssetKind.Model);
    }
}
