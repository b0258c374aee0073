using Microsoft.Extensions.Time.Testing;
using Weir.Checks;
using Weir.Execution;
using Weir.Orchestration.Fakes;
using Weir.Project;
using Weir.Runs;

namespace Weir.Orchestration;

/// <summary>The executor profiles each built asset after its checks (<see cref="ExecutorOptions.Profiler"/>).</summary>
public sealed class ExecutorProfilingTests
{
    private static readonly RunRequest s_run = new() { Command = "run" };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 1, 2, 3, TimeSpan.Zero));
    private readonly InMemoryRunStore _store = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_BuiltAssets_ProfiledWithTheRunIdEvenWhenAChecksFails()
    {
        var profiler = new FakeProfiler();
        var checks = new FakeCheckRunner().With("b", FakeCheckRunner.Result("b", "not_null", "id", CheckSeverity.Error, CheckStatus.Fail, 2));

        var result = await Create(Succeeding(), profiler, checks).RunAsync(Graphs.Of("a", "b:a"), s_run, Ct);

        profiler.Profiled.ShouldBe([("a", result.RunId), ("b", result.RunId)], ignoreOrder: true);
        result.Assets.Single(a => a.Asset == "b").Status.ShouldBe(AssetStatus.Failed);
    }

    [Fact]
    public async Task RunAsync_ProfilingFails_AssetSucceedsWithAWarningInItsDetailAndLog()
    {
        var profiler = new FakeProfiler().Throwing("a", new InvalidOperationException("table is locked"));
        var logs = new ListLoggerFactory();

        var result = await Create(Succeeding(), profiler, logs: logs).RunAsync(Graphs.Of("a", "b:a"), s_run, Ct);

        result.Status.ShouldBe(RunStatus.Succeeded);
        var a = result.Assets.Single(x => x.Asset == "a");
        a.Status.ShouldBe(AssetStatus.Succeeded);
        a.Detail.ShouldBe("created table; warning: profiling failed: table is locked");
        result.Assets.Single(x => x.Asset == "b").Status.ShouldBe(AssetStatus.Succeeded);
        logs.Entries.ShouldContain(e => e.EventId == OrchestrationEventIds.ProfileFailed);
    }

    [Fact]
    public async Task RunAsync_BuildFails_NotProfiled()
    {
        var profiler = new FakeProfiler();
        var builder = new FakeAssetBuilder((asset, _, _) => asset.Name == "a"
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(new BuildResult(1, "created table")));

        await Create(builder, profiler).RunAsync(Graphs.Of("a", "c"), s_run, Ct);

        profiler.Profiled.Select(p => p.Asset).ShouldBe(["c"]);
    }

    [Fact]
    public async Task RunAsync_CheckOnly_NotProfiled()
    {
        var profiler = new FakeProfiler();

        await Create(Succeeding(), profiler, mode: ExecutionMode.CheckOnly).RunAsync(Graphs.Of("a"), s_run, Ct);

        profiler.Profiled.ShouldBeEmpty();
    }

    private static FakeAssetBuilder Succeeding() => new((_, _, _) => Task.FromResult(new BuildResult(1, "created table")));

    private Executor Create(
        FakeAssetBuilder builder,
        FakeProfiler profiler,
        FakeCheckRunner? checks = null,
        ExecutionMode mode = ExecutionMode.BuildAndCheck,
        ListLoggerFactory? logs = null) =>
        new(
            builder,
            checks ?? new FakeCheckRunner(),
            _store,
            new ExecutorOptions { Threads = 2, Mode = mode, Profiler = profiler },
            _time,
            logs);
}
