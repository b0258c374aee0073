using Microsoft.Extensions.Time.Testing;
using Weir.Catalog;
using Weir.Checks;
using Weir.Execution;
using Weir.Graph;
using Weir.Orchestration.Fakes;
using Weir.Project;
using Weir.Runs;

namespace Weir.Orchestration;

public sealed class ExecutorTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 26, 1, 2, 3, TimeSpan.Zero);
    private static readonly TimeSpan s_safety = TimeSpan.FromSeconds(30);
    private static readonly RunRequest s_run = new() { Command = "run" };

    private readonly FakeTimeProvider _time = new(s_start);
    private readonly InMemoryRunStore _store = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weir-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_Dag_StartsEachAssetOnlyAfterAllItsUpstreamsFinished()
    {
        var graph = Graphs.Of("a", "b", "c:a", "d:a,b", "e:c,d", "f:b", "g:e,f", "h", "i:h,g");
        var builder = new FakeAssetBuilder(async (_, _, _) =>
        {
            await Task.Yield();
            return new BuildResult(1, "created table");
        });

        var result = await Create(builder, threads: 3).RunAsync(graph, s_run, Ct);

        result.Status.ShouldBe(RunStatus.Succeeded);
        var events = builder.Events;
        foreach (var node in graph.Nodes.Values)
        {
            var started = events.Single(e => e.Asset == node.Name && e.Started).Sequence;
            foreach (var up in node.Upstream)
            {
                started.ShouldBeGreaterThan(events.Single(e => e.Asset == up && !e.Started).Sequence, $"{node.Name} started before {up} ended");
            }
        }
    }

    [Fact]
    public async Task RunAsync_UpstreamDone_StartsDownstreamWithoutWaitingForTheRestOfItsLevel()
    {
        var graph = Graphs.Of("a", "slow", "b:a");
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new FakeAssetBuilder(async (asset, _, ct) =>
        {
            if (asset.Name == "b")
            {
                bStarted.TrySetResult();
            }
            else if (asset.Name == "slow")
            {
                // Level-by-level scheduling would wait for "slow" before starting "b": this would time out.
                await bStarted.Task.WaitAsync(s_safety, ct);
            }

            return new BuildResult(1, "created table");
        });

        var result = await Create(builder, threads: 2).RunAsync(graph, s_run, Ct);

        result.Assets.ShouldAllBe(a => a.Status == AssetStatus.Succeeded);
    }

    [Fact]
    public async Task RunAsync_IndependentAssets_RunsThreadsAtOnceAndNoMore()
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var builder = new FakeAssetBuilder(async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref running) >= 4)
            {
                reached.TrySetResult();
            }

            try
            {
                await reached.Task.WaitAsync(s_safety, ct);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }

            return new BuildResult(1, "created table");
        });

        var result = await Create(builder, threads: 4).RunAsync(Graphs.Wide(10), s_run, Ct);

        result.Status.ShouldBe(RunStatus.Succeeded);
        builder.MaxRunning.ShouldBe(4);
    }

    [Fact]
    public async Task RunAsync_OneThread_RunsOneAtATimeInTopologicalOrder()
    {
        var graph = Graphs.Of("d", "c", "b:d", "a:c", "e:a,b");
        var builder = new FakeAssetBuilder(async (_, _, _) =>
        {
            await Task.Yield();
            return new BuildResult(1, "created table");
        });

        var result = await Create(builder, threads: 1).RunAsync(graph, s_run, Ct);

        result.Status.ShouldBe(RunStatus.Succeeded);
        builder.MaxRunning.ShouldBe(1);
        builder.Events.Where(e => e.Started).Select(e => e.Asset).ShouldBe(graph.TopologicalOrder);
        builder.Events.Select(e => e.Started).ShouldBe(Enumerable.Range(0, 10).Select(i => i % 2 == 0));
    }

    [Fact]
    public async Task RunAsync_FailsTwiceThenSucceeds_RetriesAfterBackoffOnTheTimeProvider()
    {
        var graph = Graphs.Of(["orders"], _ => 2, _ => null);
        var builder = new FakeAssetBuilder((_, attempt, _) => attempt < 3
            ? throw new InvalidOperationException($"boom {attempt}")
            : Task.FromResult(new BuildResult(7, "created table")));
        var observer = new RecordingObserver();

        var result = await DriveAsync(Create(builder, observer: observer).RunAsync(graph, s_run, Ct));

        var record = result.Assets.ShouldHaveSingleItem();
        record.Status.ShouldBe(AssetStatus.Succeeded);
        record.Attempts.ShouldBe(3);
        record.Rows.ShouldBe(7);
        record.Error.ShouldBeNull();
        observer.Retries.Select(r => (r.Asset, r.Attempt, r.Error)).ShouldBe([("orders", 1, "boom 1"), ("orders", 2, "boom 2")]);
        observer.Retries.ShouldAllBe(r => r.Delay > TimeSpan.Zero);
        var waited = observer.Retries.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Delay);
        (_time.GetUtcNow() - s_start).ShouldBeGreaterThanOrEqualTo(waited);
        (record.EndedAt - record.StartedAt).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(waited);
    }

    [Fact]
    public async Task RunAsync_RetriesExhausted_FailsWithTheLastError()
    {
        var builder = new FakeAssetBuilder((_, attempt, _) => throw new InvalidOperationException($"boom {attempt}"));

        var result = await DriveAsync(Create(builder, retries: 2).RunAsync(Graphs.Of("orders"), s_run, Ct));

        var record = result.Assets.ShouldHaveSingleItem();
        record.Status.ShouldBe(AssetStatus.Failed);
        record.Attempts.ShouldBe(3);
        record.Error.ShouldBe("boom 3");
        result.Status.ShouldBe(RunStatus.Failed);
    }

    [Fact]
    public async Task RunAsync_NonTransientWeirException_IsNotRetried()
    {
        var builder = new FakeAssetBuilder((_, _, _) => throw new TestWeirException("Binder Error: no column x", transient: false));

        var result = await DriveAsync(Create(builder, retries: 3).RunAsync(Graphs.Of("orders"), s_run, Ct));

        result.Assets.ShouldHaveSingleItem().Attempts.ShouldBe(1);
        result.Assets[0].Error.ShouldBe("Binder Error: no column x");
        builder.AttemptsOf("orders").ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_TransientWeirException_IsRetried()
    {
        var builder = new FakeAssetBuilder((_, attempt, _) => attempt < 2
            ? throw new TestWeirException("database is locked", transient: true)
            : Task.FromResult(new BuildResult(1, "created table")));

        var result = await DriveAsync(Create(builder, retries: 3).RunAsync(Graphs.Of("orders"), s_run, Ct));

        result.Assets.ShouldHaveSingleItem().Status.ShouldBe(AssetStatus.Succeeded);
        result.Assets[0].Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_NoRetries_FailsAfterOneAttempt()
    {
        var builder = new FakeAssetBuilder((_, _, _) => throw new InvalidOperationException("boom"));

        var result = await Create(builder).RunAsync(Graphs.Of("orders"), s_run, Ct);

        result.Assets.ShouldHaveSingleItem().Attempts.ShouldBe(1);
        builder.AttemptsOf("orders").ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_AttemptOutlastsTimeout_FailsTimedOut()
    {
        var graph = Graphs.Of(["orders"], _ => null, _ => TimeSpan.FromSeconds(30));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new FakeAssetBuilder(async (_, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new BuildResult(1, "created table");
        });

        var run = Create(builder).RunAsync(graph, s_run, Ct);
        await started.Task.WaitAsync(s_safety, Ct);
        _time.Advance(TimeSpan.FromSeconds(29));
        run.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(s_safety, Ct);

        var record = result.Assets.ShouldHaveSingleItem();
        record.Status.ShouldBe(AssetStatus.Failed);
        record.Error.ShouldBe("timed out after 30s");
        record.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_FirstAttemptTimesOut_RetriesAndSucceeds()
    {
        var graph = Graphs.Of(["orders"], _ => 1, _ => TimeSpan.FromMinutes(1));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new FakeAssetBuilder(async (_, attempt, ct) =>
        {
            if (attempt == 1)
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            return new BuildResult(1, "created table");
        });
        var observer = new RecordingObserver();

        var run = Create(builder, observer: observer).RunAsync(graph, s_run, Ct);
        await started.Task.WaitAsync(s_safety, Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        var result = await DriveAsync(run);

        result.Assets.ShouldHaveSingleItem().Attempts.ShouldBe(2);
        result.Status.ShouldBe(RunStatus.Succeeded);
        observer.Retries.ShouldHaveSingleItem().Error.ShouldBe("timed out after 1m");
    }

    [Fact]
    public async Task RunAsync_CancelledWhileBuildingWithRetries_DoesNotRetryAndEndsCancelled()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new FakeAssetBuilder(async (_, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new BuildResult(1, "created table");
        });
        var observer = new RecordingObserver();

        var run = Create(builder, retries: 3, observer: observer).RunAsync(Graphs.Of("orders"), s_run, cts.Token);
        await started.Task.WaitAsync(s_safety, Ct);
        await cts.CancelAsync();
        var result = await run.WaitAsync(s_safety, Ct);

        var record = result.Assets.ShouldHaveSingleItem();
        record.Status.ShouldBe(AssetStatus.Cancelled);
        record.Attempts.ShouldBe(1);
        observer.Retries.ShouldBeEmpty();
        result.Status.ShouldBe(RunStatus.Cancelled);
    }

    [Fact]
    public async Task RunAsync_AssetFails_SkipsEveryDescendantNamingTheNearestCauseAndRunsTheIndependentBranch()
    {
        var graph = Graphs.Of("a", "b:a", "c:a", "d:b,c", "e:d", "x", "y:x");
        var builder = new FakeAssetBuilder((asset, _, _) => asset.Name == "a"
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(new BuildResult(1, "created table")));

        var result = await Create(builder).RunAsync(graph, s_run, Ct);

        var records = result.Assets.ToDictionary(a => a.Asset);
        records["a"].Status.ShouldBe(AssetStatus.Failed);
        records["a"].Error.ShouldBe("boom");
        records["b"].Error.ShouldBe("upstream 'a' failed");
        records["c"].Error.ShouldBe("upstream 'a' failed");
        records["d"].Error.ShouldBe("upstream 'b' skipped");
        records["e"].Error.ShouldBe("upstream 'd' skipped");
        foreach (var skipped in new[] { "b", "c", "d", "e" })
        {
            records[skipped].Status.ShouldBe(AssetStatus.Skipped);
            records[skipped].Attempts.ShouldBe(0);
            records[skipped].StartedAt.ShouldBeNull();
            builder.AttemptsOf(skipped).ShouldBe(0);
        }

        records["x"].Status.ShouldBe(AssetStatus.Succeeded);
        records["y"].Status.ShouldBe(AssetStatus.Succeeded);
        result.Status.ShouldBe(RunStatus.Failed);
        var stored = (await _store.GetRunAsync(result.RunId, Ct)).ShouldNotBeNull();
        stored.Assets.Single(a => a.Asset == "e").Status.ShouldBe(AssetStatus.Skipped);
        stored.Status.ShouldBe(RunStatus.Failed);
    }

    [Fact]
    public async Task RunAsync_OneSideOfDiamondFails_SkipsTheJoinAndRunsTheOtherSide()
    {
        var graph = Graphs.Of("a", "b:a", "c:a", "d:b,c");
        var builder = new FakeAssetBuilder((asset, _, _) => asset.Name == "b"
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(new BuildResult(1, "created table")));

        var result = await Create(builder).RunAsync(graph, s_run, Ct);

        result.Assets.Select(a => (a.Asset, a.Status)).ShouldBe(
            [("a", AssetStatus.Succeeded), ("b", AssetStatus.Failed), ("c", AssetStatus.Succeeded), ("d", AssetStatus.Skipped)]);
        result.Assets[3].Error.ShouldBe("upstream 'b' failed");
    }

    [Fact]
    public async Task RunAsync_ErrorCheckFails_FailsTheAssetNamingTheChecksAndSkipsDownstream()
    {
        var checks = new FakeCheckRunner().With(
            "orders",
            FakeCheckRunner.Result("orders", "not_null", "order_id", CheckSeverity.Error, CheckStatus.Fail, 3),
            FakeCheckRunner.Result("orders", "unique", "order_id", CheckSeverity.Warn, CheckStatus.Fail, 2),
            FakeCheckRunner.Result("orders", "row_count", null, CheckSeverity.Error, CheckStatus.Fail, 1),
            FakeCheckRunner.Result("orders", "accepted_values", "status", CheckSeverity.Error, CheckStatus.Error));
        var builder = FakeAssetBuilder.Succeeding();

        var result = await Create(builder, checks).RunAsync(Graphs.Of("orders", "daily:orders"), s_run, Ct);

        result.Assets[0].Status.ShouldBe(AssetStatus.Failed);
        result.Assets[0].Error.ShouldBe(
            "check failed: not_null(order_id) - 3 failing rows, row_count - 1 failing row, accepted_values(status) - could not run");
        result.Assets[0].Rows.ShouldBe(1);
        result.Assets[1].Status.ShouldBe(AssetStatus.Skipped);
        result.Assets[1].Error.ShouldBe("upstream 'orders' failed");
        result.Checks.Count.ShouldBe(4);
        (await _store.GetCheckResultsAsync(result.RunId, Ct)).Count.ShouldBe(4);
        builder.AttemptsOf("orders").ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_WarnCheckFails_AssetSucceedsAndDownstreamRuns()
    {
        var checks = new FakeCheckRunner().With(
            "orders",
            FakeCheckRunner.Result("orders", "unique", "order_id", CheckSeverity.Warn, CheckStatus.Fail, 2),
            FakeCheckRunner.Result("orders", "not_null", "order_id", CheckSeverity.Error, CheckStatus.Pass));

        var result = await Create(FakeAssetBuilder.Succeeding(), checks).RunAsync(Graphs.Of("orders", "daily:orders"), s_run, Ct);

        result.Assets.ShouldAllBe(a => a.Status == AssetStatus.Succeeded);
        result.Status.ShouldBe(RunStatus.Succeeded);
        result.Checks.Select(c => c.Check).ShouldBe(["unique", "not_null"]);
    }

    [Fact]
    public async Task RunAsync_CheckRunnerThrows_FailsTheAssetAndSkipsDownstream()
    {
        var checks = new FakeCheckRunner().Throwing("orders", new InvalidOperationException("table is gone"));

        var result = await Create(FakeAssetBuilder.Succeeding(), checks).RunAsync(Graphs.Of("orders", "daily:orders"), s_run, Ct);

        result.Assets[0].Status.ShouldBe(AssetStatus.Failed);
        result.Assets[0].Error.ShouldBe("checks could not run: table is gone");
        result.Assets[1].Status.ShouldBe(AssetStatus.Skipped);
    }

    [Fact]
    public async Task RunAsync_CheckOnly_RunsEveryAssetsChecksWithoutBuildingOrSkipping()
    {
        var checks = new FakeCheckRunner()
            .With("a", FakeCheckRunner.Result("a", "not_null", "id", CheckSeverity.Error, CheckStatus.Fail, 5))
            .With("b", FakeCheckRunner.Result("b", "unique", "id", CheckSeverity.Error, CheckStatus.Pass));
        var builder = FakeAssetBuilder.Succeeding();

        var result = await Create(builder, checks, mode: ExecutionMode.CheckOnly)
            .RunAsync(Graphs.Of("a", "b:a", "c:b"), new RunRequest { Command = "test" }, Ct);

        builder.Events.ShouldBeEmpty();
        checks.Checked.ShouldBe(["a", "b", "c"], ignoreOrder: true);
        result.Assets.Select(a => a.Status).ShouldBe([AssetStatus.Failed, AssetStatus.Succeeded, AssetStatus.Succeeded]);
        result.Assets[0].Error.ShouldBe("check failed: not_null(id) - 5 failing rows");
        result.Checks.Count.ShouldBe(2);
        result.Status.ShouldBe(RunStatus.Failed);
    }

    [Fact]
    public async Task RunAsync_CheckOnly_RunsChecksInParallel()
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var checks = new BlockingCheckRunner(async ct =>
        {
            if (Interlocked.Increment(ref running) >= 3)
            {
                reached.TrySetResult();
            }

            await reached.Task.WaitAsync(s_safety, ct);
        });
        var executor = new Executor(
            FakeAssetBuilder.Succeeding(), checks, _store, new ExecutorOptions { Threads = 3, Mode = ExecutionMode.CheckOnly }, _time);

        var result = await executor.RunAsync(Graphs.Of("a", "b:a", "c:b"), s_run, Ct);

        result.Status.ShouldBe(RunStatus.Succeeded);
    }

    [Fact]
    public async Task RunAsync_CancelledMidRun_EndsRunningAndPendingAssetsCancelledWithoutThrowing()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var builder = new FakeAssetBuilder(async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref running) == 2)
            {
                twoRunning.TrySetResult();
            }

            await Task.Delay(Timeout.Infinite, ct);
            return new BuildResult(1, "created table");
        });
        var observer = new RecordingObserver();

        var run = Create(builder, threads: 2, observer: observer).RunAsync(Graphs.Of("a", "b", "c:a", "d:c", "e"), s_run, cts.Token);
        await twoRunning.Task.WaitAsync(s_safety, Ct);
        await cts.CancelAsync();
        var result = await run.WaitAsync(s_safety, Ct);

        result.Status.ShouldBe(RunStatus.Cancelled);
        result.Assets.ShouldAllBe(a => a.Status == AssetStatus.Cancelled);
        result.Assets.Where(a => a.Asset is "a" or "b").ShouldAllBe(a => a.Attempts == 1 && a.StartedAt != null);
        result.Assets.Where(a => a.Asset is "c" or "d" or "e").ShouldAllBe(a => a.Attempts == 0 && a.StartedAt == null);
        var stored = (await _store.GetRunAsync(result.RunId, Ct)).ShouldNotBeNull();
        stored.Status.ShouldBe(RunStatus.Cancelled);
        stored.EndedAt.ShouldNotBeNull();
        stored.Assets.Count.ShouldBe(5);
        stored.Assets.ShouldAllBe(a => a.Status == AssetStatus.Cancelled);
        observer.Events.Count(e => e.StartsWith("finished ", StringComparison.Ordinal)).ShouldBe(5);
    }

    [Fact]
    public async Task RunAsync_AlreadyCancelled_RecordsACancelledRunAndBuildsNothing()
    {
        var builder = FakeAssetBuilder.Succeeding();

        var result = await Create(builder).RunAsync(Graphs.Of("a", "b:a"), s_run, new CancellationToken(canceled: true));

        result.Status.ShouldBe(RunStatus.Cancelled);
        builder.Events.ShouldBeEmpty();
        (await _store.GetRunAsync(result.RunId, Ct)).ShouldNotBeNull().Status.ShouldBe(RunStatus.Cancelled);
    }

    [Fact]
    public async Task RunAsync_ObserverThrowsEverywhere_RunSucceedsAndFailuresAreLogged()
    {
        var observer = new RecordingObserver(throws: true);
        var logs = new ListLoggerFactory();
        var builder = new FakeAssetBuilder((_, attempt, _) => attempt == 1
            ? throw new InvalidOperationException("flaky")
            : Task.FromResult(new BuildResult(1, "created table")));

        var result = await DriveAsync(Create(builder, retries: 1, observer: observer, logs: logs).RunAsync(Graphs.Of("a", "b:a"), s_run, Ct));

        result.Status.ShouldBe(RunStatus.Succeeded);
        observer.Finished.ShouldNotBeNull().RunId.ShouldBe(result.RunId);
        observer.Events.ShouldContain("retrying a 1");
        observer.Events.ShouldContain("run finished Succeeded");
        logs.Entries.Count(e => e.EventId == OrchestrationEventIds.ObserverFailed).ShouldBe(observer.Events.Count);
    }

    [Fact]
    public async Task RunAsync_Always_RecordsStartAssetsAndCompletionInTheStore()
    {
        var request = new RunRequest { Command = "run", Selector = "+daily", ResumedFrom = "20261125T000000Z-0000" };
        var builder = new FakeAssetBuilder((_, _, _) =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult(new BuildResult(10, "created table"));
        });
        var checks = new FakeCheckRunner().With("orders", FakeCheckRunner.Result("orders", "unique", "id", CheckSeverity.Error, CheckStatus.Pass));

        var result = await Create(builder, checks, threads: 1).RunAsync(Graphs.Of("orders", "daily:orders"), request, Ct);

        var stored = (await _store.GetRunAsync(result.RunId, Ct)).ShouldNotBeNull();
        stored.Command.ShouldBe("run");
        stored.Selector.ShouldBe("+daily");
        stored.ResumedFrom.ShouldBe("20261125T000000Z-0000");
        stored.StartedAt.ShouldBe(s_start);
        stored.EndedAt.ShouldBe(s_start.AddSeconds(2));
        stored.Status.ShouldBe(RunStatus.Succeeded);
        _store.CompleteCalls.ShouldBe(1);
        _store.AssetSaves.Select(s => (s.Record.Asset, s.Record.Status)).ShouldBe(
            [
                ("orders", AssetStatus.Running), ("orders", AssetStatus.Succeeded),
                ("daily", AssetStatus.Running), ("daily", AssetStatus.Succeeded),
            ]);
        (await _store.GetCheckResultsAsync(result.RunId, Ct)).ShouldHaveSingleItem().Check.ShouldBe("unique");
    }

    [Fact]
    public async Task RunAsync_Succeeded_ReturnsRecordsInTopologicalOrderWithRowsAndTimes()
    {
        var graph = Graphs.Of("z", "y:z", "x:y", "w");
        var builder = new FakeAssetBuilder((asset, _, _) =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult(new BuildResult(asset.Name[0], "created table " + asset.Name));
        });

        var result = await Create(builder, threads: 1).RunAsync(graph, s_run, Ct);

        result.Assets.ShouldAllBe(a => a.Detail == "created table " + a.Asset);
        result.Assets.Select(a => a.Asset).ShouldBe(graph.TopologicalOrder);
        result.Assets.ShouldAllBe(a => a.Rows == a.Asset[0] && a.Attempts == 1);
        result.Assets.ShouldAllBe(a => a.EndedAt - a.StartedAt == TimeSpan.FromSeconds(1));
        result.StartedAt.ShouldBe(s_start);
        result.EndedAt.ShouldBe(s_start.AddSeconds(4));
    }

    [Fact]
    public async Task RunAsync_RunId_IsTheStartTimeWithARandomSuffix()
    {
        var first = await Create(FakeAssetBuilder.Succeeding()).RunAsync(Graphs.Of("a"), s_run, Ct);
        var second = await Create(FakeAssetBuilder.Succeeding()).RunAsync(Graphs.Of("a"), s_run, Ct);

        first.RunId.ShouldMatch("^20261126T010203Z-[0-9a-f]{4}$");
        second.RunId.ShouldStartWith("20261126T010203Z-");
    }

    [Fact]
    public async Task RunAsync_EmptyGraph_SucceedsWithNoAssets()
    {
        var result = await Create(FakeAssetBuilder.Succeeding()).RunAsync(new AssetGraph([]), s_run, Ct);

        result.Status.ShouldBe(RunStatus.Succeeded);
        result.Assets.ShouldBeEmpty();
        _store.CompleteCalls.ShouldBe(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ThousandTrivialAssets_RunsThemAll(bool chained)
    {
        var graph = chained ? Graphs.Chain(1000) : Graphs.Wide(1000);

        var result = await Create(FakeAssetBuilder.Succeeding(), threads: 4).RunAsync(graph, s_run, Ct);

        result.Status.ShouldBe(RunStatus.Succeeded);
        result.Assets.Count.ShouldBe(1000);
        result.Assets.Select(a => a.Asset).ShouldBe(graph.TopologicalOrder);
    }

    [Fact]
    public async Task RunAsync_RunStoreFails_StopsTheRunRecordsItFailedAndThrows()
    {
        var store = new InMemoryRunStore { FailSave = r => r.Asset == "b" && r.Status == AssetStatus.Running };
        var executor = new Executor(FakeAssetBuilder.Succeeding(), new FakeCheckRunner(), store, new ExecutorOptions(), _time);

        var error = await Should.ThrowAsync<IOException>(() => executor.RunAsync(Graphs.Of("a", "b:a", "c:b"), s_run, Ct));

        error.Message.ShouldBe("disk full");
        var run = (await store.ListRunsAsync(1, Ct)).ShouldHaveSingleItem();
        run.Status.ShouldBe(RunStatus.Failed);
        run.EndedAt.ShouldNotBeNull();
    }

    [Fact]
    public void Constructor_ThreadsBelowOne_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new Executor(
            FakeAssetBuilder.Succeeding(), new FakeCheckRunner(), _store, new ExecutorOptions { Threads = 0 }));

    [Fact]
    public void Constructor_NegativeDefaultRetries_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new Executor(
            FakeAssetBuilder.Succeeding(), new FakeCheckRunner(), _store, new ExecutorOptions { Defaults = new RunDefaults { Retries = -1 } }));

    [Fact]
    public void RunAsync_AssetWithZeroTimeout_ThrowsBeforeStarting()
    {
        var graph = Graphs.Of(["a"], _ => null, _ => TimeSpan.Zero);

        Should.Throw<ArgumentOutOfRangeException>(() => Create(FakeAssetBuilder.Succeeding()).RunAsync(graph, s_run, Ct));
        _store.CompleteCalls.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_WithSqliteRunStore_RecordsTheRunInTheDatabase()
    {
        var path = Path.Combine(_directory, ".weir", "metadata.db");
        var checks = new FakeCheckRunner()
            .With("orders", FakeCheckRunner.Result("orders", "not_null", "order_id", CheckSeverity.Error, CheckStatus.Fail, 3))
            .With("customers", FakeCheckRunner.Result("customers", "unique", "id", CheckSeverity.Warn, CheckStatus.Fail, 1));
        var graph = Graphs.Of("customers", "orders", "daily:orders,customers", "by_customer:customers");
        RunResult result;
        await using (var store = await SqliteRunStore.OpenAsync(path, Ct))
        {
            var executor = new Executor(FakeAssetBuilder.Succeeding(), checks, store, new ExecutorOptions { Threads = 4 }, _time);
            result = await executor.RunAsync(graph, new RunRequest { Command = "run", Selector = "*" }, Ct);
        }

        await using var reopened = await SqliteRunStore.OpenAsync(path, Ct);
        var run = (await reopened.GetRunAsync(result.RunId, Ct)).ShouldNotBeNull();
        run.Status.ShouldBe(RunStatus.Failed);
        run.Selector.ShouldBe("*");
        run.EndedAt.ShouldBe(s_start);
        run.Assets.ToDictionary(a => a.Asset, a => a.Status).ShouldBe(
            new Dictionary<string, AssetStatus>
            {
                ["customers"] = AssetStatus.Succeeded,
                ["orders"] = AssetStatus.Failed,
                ["daily"] = AssetStatus.Skipped,
                ["by_customer"] = AssetStatus.Succeeded,
            },
            ignoreOrder: true);
        run.Assets.Single(a => a.Asset == "daily").Error.ShouldBe("upstream 'orders' failed");
        (await reopened.GetCheckResultsAsync(result.RunId, Ct)).Select(c => c.Check).ShouldBe(["not_null", "unique"], ignoreOrder: true);
        (await reopened.ListRunsAsync(10, Ct)).ShouldHaveSingleItem().RunId.ShouldBe(result.RunId);
    }

    [Fact]
    public async Task RunAsync_BuildReportsLoadAndSchemaChanges_StoresBothWithTheRun()
    {
        var path = Path.Combine(_directory, ".weir", "metadata.db");
        var change = new SchemaChange
        {
            Asset = "orders", Version = 4, ChangedAt = s_start, Kind = SchemaChangeKind.Added, Column = "channel", NewType = "string",
        };
        var builder = new FakeAssetBuilder((node, _, _) => Task.FromResult(node.Name == "orders"
            ? new BuildResult(3, "loaded 3 rows")
            {
                Load = new LoadMetrics { RowsRead = 4, RowsLoaded = 3, RowsQuarantined = 1, Files = 2, BytesRead = 99, DeltaVersion = 4 },
                SchemaChanges = [change],
            }
            : new BuildResult(1, "created table")));
        RunResult result;
        await using (var store = await SqliteRunStore.OpenAsync(path, Ct))
        {
            result = await new Executor(builder, new FakeCheckRunner(), store, new ExecutorOptions { Threads = 2 }, _time).RunAsync(
                Graphs.Of("orders", "daily:orders"), s_run, Ct);
        }

        await using var reopened = await SqliteRunStore.OpenAsync(path, Ct);
        var run = (await reopened.GetRunAsync(result.RunId, Ct)).ShouldNotBeNull();
        var load = run.Assets.Single(a => a.Asset == "orders").Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined, load.Files, load.BytesRead, load.DeltaVersion)
            .ShouldBe((4L, 3L, 1L, (int?)2, (long?)99, (long?)4));
        run.Assets.Single(a => a.Asset == "daily").Load.ShouldBeNull();
        var saved = (await reopened.GetSchemaChangesAsync("orders", Ct)).ShouldHaveSingleItem();
        (saved.RunId, saved.Version, saved.Column).ShouldBe((result.RunId, 4L, "channel"));
    }

    private Executor Create(
        FakeAssetBuilder builder,
        FakeCheckRunner? checks = null,
        int threads = 4,
        int retries = 0,
        ExecutionMode mode = ExecutionMode.BuildAndCheck,
        IExecutionObserver? observer = null,
        ListLoggerFactory? logs = null) =>
        new(
            builder,
            checks ?? new FakeCheckRunner(),
            _store,
            new ExecutorOptions
            {
                Threads = threads,
                Defaults = new RunDefaults { Retries = retries, RetryDelay = TimeSpan.FromMilliseconds(100) },
                Mode = mode,
                Observer = observer,
            },
            _time,
            logs);

    /// <summary>Moves the fake clock in small steps until the run ends, so retry delays elapse.</summary>
    private async Task<RunResult> DriveAsync(Task<RunResult> run)
    {
        for (var i = 0; i < 20_000 && !run.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1, Ct);
        }

        return await run.WaitAsync(s_safety, Ct);
    }

    private sealed class BlockingCheckRunner(Func<CancellationToken, Task> wait) : ICheckRunner
    {
        public async Task<IReadOnlyList<CheckResult>> RunAsync(AssetNode asset, CancellationToken cancellationToken = default)
        {
            await wait(cancellationToken);
            return [];
        }
    }
}
