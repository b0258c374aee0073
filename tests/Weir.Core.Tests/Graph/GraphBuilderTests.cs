using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Engine;
using Weir.Graph;
using Weir.Project;
using static Weir.Core.Tests.TestSupport.Specs;

namespace Weir.Core.Tests.Graph;

public sealed class GraphBuilderTests
{
    private readonly FakeSqlEngine _engine = new();
    private readonly DiagnosticBag _diagnostics = new();

    private Task<AssetGraph?> BuildAsync(IEnumerable<AssetSpec> assets, IReadOnlyList<string>? external = null) =>
        new GraphBuilder(_engine).BuildAsync(ProjectOf(assets, external), _diagnostics, TestContext.Current.CancellationToken);

    [Fact]
    public async Task BuildAsync_Diamond_ResolvesEveryReadWithOneAnalyzeCall()
    {
        var graph = await BuildAsync(
        [
            Source("raw_orders"),
            Seed("countries"),
            Reads("stg_orders", "raw_orders"),
            Reads("stg_countries", "countries"),
            Reads("report", "stg_orders", "stg_countries"),
        ]);

        _diagnostics.Items.ShouldBeEmpty();
        graph.ShouldNotBeNull();
        _engine.AnalyzeCalls.ShouldBe(1);
        graph["report"].Upstream.ShouldBe(["stg_countries", "stg_orders"]);
        graph["raw_orders"].Upstream.ShouldBeEmpty();
        graph["raw_orders"].Downstream.ShouldBe(["stg_orders"]);
        graph.TopologicalOrder.ShouldBe(["countries", "raw_orders", "stg_countries", "stg_orders", "report"]);
    }

    [Fact]
    public async Task BuildAsync_SchemaMainAndOtherCase_ResolvesToTheAsset()
    {
        var graph = await BuildAsync([Source("raw_orders"), Reads("orders", "MAIN.Raw_Orders")]);

        graph.ShouldNotBeNull()["orders"].Upstream.ShouldBe(["raw_orders"]);
    }

    [Fact]
    public async Task BuildAsync_ExternalTables_AreRecordedWithoutEdges()
    {
        var graph = await BuildAsync(
            [Reads("a", "legacy_orders"), Reads("b", "main.LEGACY_ORDERS", "crm.public.customers")],
            external: ["main.legacy_orders", "crm.public.customers"]);

        _diagnostics.Items.ShouldBeEmpty();
        graph.ShouldNotBeNull();
        graph["a"].External.ShouldBe(["main.legacy_orders"]);
        graph["b"].External.ShouldBe(["crm.public.customers", "main.legacy_orders"]);
        graph["b"].Upstream.ShouldBeEmpty();
    }

    [Fact]
    public async Task BuildAsync_UnknownTable_ReportsLineColumnAndClosestName()
    {
        var graph = await BuildAsync([Source("foo_bar"), Model("x", "select *\nfrom   foo")]);

        graph.ShouldBeNull();
        var error = _diagnostics.ShouldHaveOne(DiagnosticCodes.UnknownTable, "models/x.sql", 2);
        error.ToString().ShouldBe("models/x.sql:2:8: error WEIR201: unknown table 'foo' (hint: did you mean 'foo_bar'?)");
    }

    [Fact]
    public async Task BuildAsync_UnknownTableWithNoCloseName_SuggestsDeclaringItExternal()
    {
        await BuildAsync([Reads("x", "warehouse_inventory")]);

        _diagnostics.ShouldHaveOne(DiagnosticCodes.UnknownTable, "models/x.sql", 1).Hint
            .ShouldBe("declare it under external: in weir.yaml if Weir does not build it");
    }

    [Fact]
    public async Task BuildAsync_AssetReadThroughAnotherSchema_ExplainsTheSchema()
    {
        await BuildAsync([Source("orders"), Reads("x", "staging.orders")]);

        _diagnostics.ShouldHaveOne(DiagnosticCodes.UnknownTable, "models/x.sql", 1).Hint
            .ShouldBe("Weir's assets are in schema 'main': write 'orders', or declare 'staging.orders' under external: in weir.yaml");
    }

    [Fact]
    public async Task BuildAsync_SqlSyntaxError_ReportsLineAndColumnFromTheOffset()
    {
        const string sql = "select 1\nform x";
        _engine.Returns(sql, SqlAnalysis.Failed("syntax error at or near \"form\"", 9));

        var graph = await BuildAsync([Model("bad", sql)]);

        graph.ShouldBeNull();
        _diagnostics.ShouldHaveOne(DiagnosticCodes.SqlSyntax, "models/bad.sql", 2).ToString()
            .ShouldStartWith("models/bad.sql:2:1: error WEIR200: SQL syntax error: syntax error at or near \"form\"");
    }

    [Fact]
    public async Task BuildAsync_SqlSyntaxErrorWithoutOffset_PointsAtLineOne()
    {
        _engine.Returns("selec", SqlAnalysis.Failed("syntax error", null));

        await BuildAsync([Model("bad", "selec")]);

        _diagnostics.ShouldHaveOne(DiagnosticCodes.SqlSyntax, "models/bad.sql", 1).Location.Column.ShouldBe(0);
    }

    [Fact]
    public async Task BuildAsync_NotASingleSelect_ReportsWeir203()
    {
        const string sql = "select 1; select 2";
        _engine.Returns(sql, new SqlAnalysis { Success = true, IsSingleQuery = false });

        var graph = await BuildAsync([Model("two", sql)]);

        graph.ShouldBeNull();
        _diagnostics.ShouldHaveOne(DiagnosticCodes.NotASelect, "models/two.sql", 1)
            .Message.ShouldBe("a model file holds exactly one SELECT");
    }

    [Fact]
    public async Task BuildAsync_SeveralMistakes_ReportsThemAll()
    {
        _engine.Returns("selec", SqlAnalysis.Failed("syntax error", 0));

        await BuildAsync([Model("a", "selec"), Reads("b", "nope"), Reads("c", "also_nope")]);

        _diagnostics.Items.Select(d => (d.Code, d.Location.File)).ShouldBe(
        [
            (DiagnosticCodes.SqlSyntax, "models/a.sql"),
            (DiagnosticCodes.UnknownTable, "models/b.sql"),
            (DiagnosticCodes.UnknownTable, "models/c.sql"),
        ]);
    }

    [Fact]
    public async Task BuildAsync_LoadedProject_CompilesSqlAndChecksIntoEdges()
    {
        using var folder = new TempProject(new Dictionary<string, string>
        {
            ["weir.yaml"] = "name: shop\nexternal: [main.legacy]\n",
            ["sources/shop.yaml"] = "sources:\n  - name: raw_orders\n    kind: csv\n    path: data/*.csv\n",
            ["data/1.csv"] = "id\n1\n",
            ["seeds/customers.csv"] = "id\n1\n",
            ["models/orders.sql"] = "select * from raw_orders join legacy",
            ["models/orders.yaml"] = """
                models:
                  - name: orders
                    columns:
                      - name: customer_id
                        checks:
                          - relationships: { to: customers, field: id }
                """,
        });
        var (project, loadDiagnostics) = folder.Load();
        loadDiagnostics.Items.ShouldBeEmpty();

        var graph = await new GraphBuilder(_engine).BuildAsync(project!, _diagnostics, TestContext.Current.CancellationToken);

        _diagnostics.Items.ShouldBeEmpty();
        var orders = graph.ShouldNotBeNull()["orders"];
        orders.Upstream.ShouldBe(["customers", "raw_orders"]);
        orders.External.ShouldBe(["main.legacy"]);
    }

    [Fact]
    public async Task BuildAsync_DuplicateAssetNames_ReportsWeir104()
    {
        var graph = await BuildAsync([Source("orders"), Reads("ORDERS")]);

        graph.ShouldBeNull();
        _diagnostics.ShouldHaveOne(DiagnosticCodes.DuplicateName, "models/ORDERS.sql", 1).Message.ShouldContain("sources/sources.yaml:2:5");
    }

    [Fact]
    public async Task BuildAsync_NoModels_DoesNotCallTheEngine()
    {
        var graph = await BuildAsync([Source("raw"), Seed("countries")]);

        graph.ShouldNotBeNull().Count.ShouldBe(2);
        _engine.AnalyzeCalls.ShouldBe(0);
    }

    [Fact]
    public async Task BuildAsync_TwoCycle_NamesBothMembers()
    {
        var graph = await BuildAsync([Reads("b", "a"), Reads("a", "b")]);

        graph.ShouldBeNull();
        _diagnostics.ShouldHaveOne(DiagnosticCodes.Cycle, "models/a.sql", 1).Message.ShouldBe("cycle: a -> b -> a");
    }

    [Fact]
    public async Task BuildAsync_ThreeCycle_NamesEveryMemberInOrderAtTheFirstAssetsRead()
    {
        await BuildAsync([Source("raw"), Reads("c", "b"), Reads("a", "raw", "c"), Reads("b", "a"), Reads("d", "c")]);

        var error = _diagnostics.Items.ShouldHaveSingleItem();
        error.ToString().ShouldStartWith("models/a.sql:1:24: error WEIR202: cycle: a -> b -> c -> a");
    }

    [Fact]
    public async Task BuildAsync_ModelReadingItself_IsACycle()
    {
        await BuildAsync([Reads("loop", "loop")]);

        _diagnostics.ShouldHaveOne(DiagnosticCodes.Cycle, "models/loop.sql", 1).Message.ShouldBe("cycle: loop -> loop");
    }

    [Fact]
    public async Task BuildAsync_TwoDisjointCycles_ReportsOneDiagnosticEach()
    {
        await BuildAsync([Reads("a", "b"), Reads("b", "a"), Reads("x", "z"), Reads("y", "x"), Reads("z", "y"), Reads("ok", "a")]);

        _diagnostics.Items.Select(d => d.Message).ShouldBe(["cycle: a -> b -> a", "cycle: x -> y -> z -> x"]);
    }

    [Fact]
    public async Task BuildAsync_TangledComponent_NamesTheMembersOffTheShortestCycle()
    {
        await BuildAsync([Reads("a", "b"), Reads("b", "a", "c"), Reads("c", "b")]);

        _diagnostics.Items.ShouldHaveSingleItem().Message.ShouldBe("cycle: a -> b -> a (also caught in it: c)");
    }

    [Fact]
    public async Task BuildAsync_TenThousandModelCycle_IsFoundWithoutRecursion()
    {
        const int count = 10_000;
        var models = Enumerable.Range(0, count).Select(i => Reads($"m{i:D5}", $"m{(i + count - 1) % count:D5}"));

        var graph = await BuildAsync(models);

        graph.ShouldBeNull();
        var error = _diagnostics.Items.ShouldHaveSingleItem();
        error.Message.ShouldStartWith("cycle: m00000 -> m00001 -> m00002");
        error.Message.ShouldEndWith("m09999 -> m00000");
    }

    [Fact]
    public async Task BuildAsync_TenThousandModelChain_Builds()
    {
        const int count = 10_000;
        var models = Enumerable.Range(0, count).Select(i => i == 0 ? Reads("m00000") : Reads($"m{i:D5}", $"m{i - 1:D5}"));

        var graph = await BuildAsync(models);

        graph.ShouldNotBeNull().TopologicalOrder[^1].ShouldBe("m09999");
        _engine.AnalyzeCalls.ShouldBe(1);
    }

    [Fact]
    public async Task BuildAsync_RelationshipsCheck_AddsTheTargetUpstream()
    {
        var graph = await BuildAsync(
        [
            Seed("customers"),
            Model("orders", "select 1", columns: [Relationship("customer_id", "CUSTOMERS", 5)]),
            Model("staff", "select 1", columns: [Relationship("manager_id", "staff", 9)]),
        ]);

        _diagnostics.Items.ShouldBeEmpty();
        graph.ShouldNotBeNull()["orders"].Upstream.ShouldBe(["customers"]);
        graph["staff"].Upstream.ShouldBeEmpty();
    }

    [Fact]
    public async Task BuildAsync_RelationshipsToUnknownAsset_ReportsWeir300AtTheCheck()
    {
        var graph = await BuildAsync(
            [Seed("customers"), Model("orders", "select 1", columns: [Relationship("customer_id", "customer", 7)])]);

        graph.ShouldBeNull();
        var error = _diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "models/models.yaml", 7);
        error.Message.ShouldBe("check 'relationships(customer_id)' of 'orders' refers to 'customer', which is no asset of the project");
        error.Hint.ShouldBe("did you mean 'customers'?");
    }

    [Fact]
    public async Task BuildAsync_RelationshipsAgainstTheFlow_IsACycle()
    {
        await BuildAsync([Source("raw", columns: [Relationship("id", "clean", 4)]), Reads("clean", "raw")]);

        _diagnostics.ShouldHaveOne(DiagnosticCodes.Cycle, "models/clean.sql", 1).Message.ShouldBe("cycle: clean -> raw -> clean");
    }

    [Fact]
    public async Task BuildAsync_RandomDags_ProduceTheGeneratedEdgesInForwardOrder()
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var (models, edges) = RandomDag(new Random(seed), 500);
            var diagnostics = new DiagnosticBag();

            var graph = await new GraphBuilder(new FakeSqlEngine())
                .BuildAsync(ProjectOf(models), diagnostics, TestContext.Current.CancellationToken);

            diagnostics.Items.ShouldBeEmpty();
            graph.ShouldNotBeNull();
            var position = graph.TopologicalOrder.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
            foreach (var (from, to) in edges)
            {
                position[from].ShouldBeLessThan(position[to], $"seed {seed}: {from} -> {to}");
            }

            graph.Nodes.Values.Sum(n => n.Upstream.Count).ShouldBe(edges.Count);
        }
    }

    /// <summary>
    /// A random DAG over shuffled names: node k may read only nodes created before it, with about three reads each.
    /// </summary>
    internal static (List<ModelSpec> Models, HashSet<(string From, string To)> Edges) RandomDag(Random random, int count)
    {
        var names = Enumerable.Range(0, count).Select(i => $"n{i:D3}").ToArray();
        random.Shuffle(names);
        var models = new List<ModelSpec>(count);
        var edges = new HashSet<(string, string)>();
        for (var k = 0; k < count; k++)
        {
            var reads = k == 0 ? [] : Enumerable.Range(0, random.Next(0, 6)).Select(_ => names[random.Next(k)]).Distinct().ToArray();
            foreach (var read in reads)
            {
                edges.Add((read, names[k]));
            }

            models.Add(Reads(names[k], reads));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(models));
        return (models, edges);
    }
}
