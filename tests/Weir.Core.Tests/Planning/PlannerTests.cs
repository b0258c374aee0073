using Weir.Core.Tests.Graph;
using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Graph;
using Weir.Planning;
using Weir.Runs;
using static Weir.Core.Tests.TestSupport.Specs;

namespace Weir.Core.Tests.Planning;

public sealed class PlannerTests
{
    /// <summary>raw -> a -> b -> c, and raw -> d.</summary>
    private static readonly AssetGraph s_graph = new(
    [
        new AssetNode(Source("raw"), [], []),
        new AssetNode(Reads("a", "raw"), ["raw"], []),
        new AssetNode(Reads("b", "a"), ["a"], []),
        new AssetNode(Reads("c", "b"), ["b"], []),
        new AssetNode(Reads("d", "raw"), ["raw"], []),
    ]);

    private static RunRecord Run(params (string Asset, AssetStatus Status)[] assets) => new()
    {
        RunId = "run-7",
        Command = "run",
        StartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Status = RunStatus.Failed,
        Assets = [.. assets.Select(a => new AssetRunRecord { Asset = a.Asset, Status = a.Status })],
    };

    [Fact]
    public void Create_NoSelection_PlansEveryAssetInOrder()
    {
        var plan = Planner.Create(s_graph);

        plan.Steps.Select(s => s.ToString()).ShouldBe(["raw (all)", "a (all)", "b (all)", "c (all)", "d (all)"]);
        plan.Subgraph.Count.ShouldBe(5);
        plan.IsEmpty.ShouldBeFalse();
    }

    [Fact]
    public void Create_Selection_PlansTheSubgraph()
    {
        var plan = Planner.Create(s_graph, new HashSet<string>(["C", "b"], StringComparer.OrdinalIgnoreCase));

        plan.Steps.Select(s => (s.Name, s.Reason)).ShouldBe([("b", "selected"), ("c", "selected")]);
        plan.Subgraph["b"].Upstream.ShouldBeEmpty();
        plan.Steps[1].Asset.Upstream.ShouldBe(["b"]);
    }

    [Fact]
    public void Create_SelectionFromSelector_KeepsUpstreamsFirst()
    {
        var selection = Selector.Select(s_graph, "+c", new DiagnosticBag());

        Planner.Create(s_graph, selection).Steps.Select(s => s.Name).ShouldBe(["raw", "a", "b", "c"]);
    }

    [Fact]
    public void Create_EmptySelection_IsAnEmptyPlan()
    {
        Planner.Create(s_graph, new HashSet<string>()).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Create_NameOutsideTheGraph_Throws()
    {
        Should.Throw<ArgumentException>(() => Planner.Create(s_graph, new HashSet<string> { "zzz" }));
    }

    [Fact]
    public void Resume_PreviousRun_PlansWhatWasLeftUndoneInOrder()
    {
        var previous = Run(
            ("d", AssetStatus.Cancelled),
            ("c", AssetStatus.Skipped),
            ("raw", AssetStatus.Succeeded),
            ("b", AssetStatus.Failed),
            ("a", AssetStatus.Succeeded),
            ("gone", AssetStatus.Failed));

        var plan = Planner.Resume(s_graph, previous);

        plan.Steps.Select(s => s.ToString())
            .ShouldBe(["b (failed in run run-7)", "c (skipped in run run-7)", "d (cancelled in run run-7)"]);
        plan.Subgraph.Contains("a").ShouldBeFalse();
        plan.Subgraph["b"].Upstream.ShouldBeEmpty();
    }

    [Fact]
    public void Resume_UnfinishedAssets_AreReplanned()
    {
        var plan = Planner.Resume(s_graph, Run(("a", AssetStatus.Running), ("b", AssetStatus.Pending)));

        plan.Steps.Select(s => s.Reason).ShouldBe(["interrupted in run run-7", "not started in run run-7"]);
    }

    [Fact]
    public void Resume_EverythingSucceeded_IsEmpty()
    {
        Planner.Resume(s_graph, Run(("raw", AssetStatus.Succeeded), ("a", AssetStatus.Succeeded))).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public async Task Create_RandomDags_OrderEveryEdgeForward()
    {
        for (var seed = 10; seed < 15; seed++)
        {
            var random = new Random(seed);
            var (models, edges) = GraphBuilderTests.RandomDag(random, 500);
            var graph = await new GraphBuilder(new FakeSqlEngine())
                .BuildAsync(ProjectOf(models), new DiagnosticBag(), TestContext.Current.CancellationToken);
            var selection = new HashSet<string>(
                models.Where(_ => random.Next(3) > 0).Select(m => m.Name), StringComparer.OrdinalIgnoreCase);

            foreach (var plan in new[] { Planner.Create(graph.ShouldNotBeNull()), Planner.Create(graph, selection) })
            {
                var position = plan.Steps.Select((step, i) => (step.Name, i)).ToDictionary(p => p.Name, p => p.i);
                foreach (var (from, to) in edges.Where(e => position.ContainsKey(e.From) && position.ContainsKey(e.To)))
                {
                    position[from].ShouldBeLessThan(position[to], $"seed {seed}: {from} -> {to}");
                }

                plan.Steps.Count.ShouldBe(plan.Subgraph.Count);
            }
        }
    }
}
