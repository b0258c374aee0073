using Microsoft.Data.Sqlite;
using Weir.Checks;
using Weir.Project;
using Weir.Runs;

namespace Weir.Catalog;

public sealed class SqliteRunStoreTests : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 26, 1, 2, 3, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weir-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, ".weir", "metadata.db");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task OpenAsync_MissingFolder_CreatesDatabaseWithSchema()
    {
        await using (await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken))
        {
            File.Exists(DatabasePath).ShouldBeTrue();
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        (await ScalarAsync(connection, "PRAGMA journal_mode;")).ShouldBe("wal");
        (await ScalarAsync(connection, "SELECT MAX(version) FROM schema_version;")).ShouldBe((long)SqliteSchema.CurrentVersion);
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM pragma_table_info('run_assets') WHERE name = 'detail';")).ShouldBe(1L);
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('runs', 'run_assets', 'check_results');"))
            .ShouldBe(3L);
    }

    [Fact]
    public async Task OpenAsync_SchemaFromNewerWeir_Throws()
    {
        await using (await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken))
        {
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await ScalarAsync(connection, "INSERT INTO schema_version (version) VALUES (99);");
        }

        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken));
        error.Message.ShouldContain("99");
    }

    [Fact]
    public async Task GetRunAsync_AfterStartAndComplete_RoundTripsEveryField()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        var started = new DateTimeOffset(2026, 11, 26, 3, 2, 3, TimeSpan.FromHours(2)).AddTicks(1234567);
        await store.StartRunAsync(
            new RunRecord { RunId = "r1", Command = "run", Selector = "+orders", ResumedFrom = "r0", StartedAt = started },
            TestContext.Current.CancellationToken);
        await store.CompleteRunAsync("r1", RunStatus.Failed, started.AddSeconds(5), TestContext.Current.CancellationToken);

        var run = (await store.GetRunAsync("r1", TestContext.Current.CancellationToken)).ShouldNotBeNull();

        run.RunId.ShouldBe("r1");
        run.Command.ShouldBe("run");
        run.Selector.ShouldBe("+orders");
        run.ResumedFrom.ShouldBe("r0");
        run.StartedAt.ShouldBe(started);
        run.StartedAt.Offset.ShouldBe(TimeSpan.Zero);
        run.EndedAt.ShouldBe(started.AddSeconds(5));
        run.Status.ShouldBe(RunStatus.Failed);
        run.Assets.ShouldBeEmpty();
    }

    [Fact]
    public async Task StartRunAsync_Running_IsStoredAsRunningWithoutEnd()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);

        var run = (await store.GetRunAsync("r1", TestContext.Current.CancellationToken)).ShouldNotBeNull();

        run.Status.ShouldBe(RunStatus.Running);
        run.EndedAt.ShouldBeNull();
        run.Selector.ShouldBeNull();
        run.ResumedFrom.ShouldBeNull();
    }

    [Fact]
    public async Task GetRunAsync_UnknownRun_ReturnsNull()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);

        (await store.GetRunAsync("nope", TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task CompleteRunAsync_UnknownRun_Throws()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);

        await Should.ThrowAsync<InvalidOperationException>(
            () => store.CompleteRunAsync("nope", RunStatus.Succeeded, s_t0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAssetAsync_RunNeverStarted_Throws()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);

        await Should.ThrowAsync<SqliteException>(
            () => store.SaveAssetAsync("nope", Asset("a", AssetStatus.Running, s_t0), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAssetAsync_AllFields_RoundTrip()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        var record = new AssetRunRecord
        {
            Asset = "orders",
            Status = AssetStatus.Failed,
            Attempts = 3,
            StartedAt = s_t0.AddMilliseconds(1.5),
            EndedAt = s_t0.AddSeconds(2),
            Rows = 5_000_000_000,
            Detail = "merged 3 rows (Delta version 4)",
            Error = "boom",
        };
        await store.SaveAssetAsync("r1", record, TestContext.Current.CancellationToken);

        var asset = (await store.GetRunAsync("r1", TestContext.Current.CancellationToken)).ShouldNotBeNull().Assets.ShouldHaveSingleItem();

        asset.Asset.ShouldBe("orders");
        asset.Status.ShouldBe(AssetStatus.Failed);
        asset.Attempts.ShouldBe(3);
        asset.StartedAt.ShouldBe(record.StartedAt);
        asset.EndedAt.ShouldBe(record.EndedAt);
        asset.Rows.ShouldBe(5_000_000_000);
        asset.Detail.ShouldBe("merged 3 rows (Delta version 4)");
        asset.Error.ShouldBe("boom");
    }

    [Fact]
    public async Task SaveAssetAsync_SameAssetTwice_ReplacesTheRecord()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r1", Asset("orders", AssetStatus.Running, s_t0), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync(
            "r1",
            new AssetRunRecord
            {
                Asset = "ORDERS", Status = AssetStatus.Succeeded, Attempts = 2, StartedAt = s_t0, EndedAt = s_t0.AddSeconds(1), Rows = 42,
            },
            TestContext.Current.CancellationToken);

        var asset = (await store.GetRunAsync("r1", TestContext.Current.CancellationToken)).ShouldNotBeNull().Assets.ShouldHaveSingleItem();

        asset.Status.ShouldBe(AssetStatus.Succeeded);
        asset.Attempts.ShouldBe(2);
        asset.Rows.ShouldBe(42);
        asset.EndedAt.ShouldBe(s_t0.AddSeconds(1));
    }

    [Fact]
    public async Task SaveAssetAsync_SameAssetInTwoRuns_KeepsBoth()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r2", s_t0), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r1", Asset("orders", AssetStatus.Failed, s_t0), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r2", Asset("orders", AssetStatus.Succeeded, s_t0), TestContext.Current.CancellationToken);

        (await store.GetRunAsync("r1", TestContext.Current.CancellationToken))!.Assets.ShouldHaveSingleItem().Status.ShouldBe(AssetStatus.Failed);
        (await store.GetRunAsync("r2", TestContext.Current.CancellationToken))!.Assets.ShouldHaveSingleItem().Status
            .ShouldBe(AssetStatus.Succeeded);
    }

    [Fact]
    public async Task GetRunAsync_Assets_OrderedByStartTimeThenNameWithUnstartedLast()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r1", Asset("skipped", AssetStatus.Skipped, null), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r1", Asset("late", AssetStatus.Succeeded, s_t0.AddSeconds(10)), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r1", Asset("b", AssetStatus.Succeeded, s_t0), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r1", Asset("A", AssetStatus.Succeeded, s_t0), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r1", Asset("early", AssetStatus.Succeeded, s_t0.AddSeconds(-1)), TestContext.Current.CancellationToken);

        var run = (await store.GetRunAsync("r1", TestContext.Current.CancellationToken)).ShouldNotBeNull();

        run.Assets.Select(a => a.Asset).ShouldBe(["early", "A", "b", "late", "skipped"]);
    }

    [Fact]
    public async Task ListRunsAsync_NewestStartFirstThenLatestInserted_HonoursLimit()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("old", s_t0), TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("newest", s_t0.AddHours(2)), TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("same-1", s_t0.AddHours(1)), TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("same-2", s_t0.AddHours(1)), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("newest", Asset("a", AssetStatus.Succeeded, s_t0), TestContext.Current.CancellationToken);

        var all = await store.ListRunsAsync(10, TestContext.Current.CancellationToken);
        var two = await store.ListRunsAsync(2, TestContext.Current.CancellationToken);

        all.Select(r => r.RunId).ShouldBe(["newest", "same-2", "same-1", "old"]);
        all[0].Assets.ShouldBeEmpty();
        two.Select(r => r.RunId).ShouldBe(["newest", "same-2"]);
    }

    [Fact]
    public async Task SaveCheckResultsAsync_TwoBatches_RoundTripAllFieldsInSavedOrder()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        CheckResult[] first =
        [
            new()
            {
                Asset = "orders", Column = "order_id", Check = "not_null", Severity = CheckSeverity.Error, Status = CheckStatus.Fail,
                FailingRows = 3, Message = "3 rows are null", Duration = TimeSpan.FromMilliseconds(12.5),
            },
            new()
            {
                Asset = "orders", Check = "row_count", Severity = CheckSeverity.Warn, Status = CheckStatus.Pass,
                Duration = TimeSpan.FromSeconds(2),
            },
        ];
        CheckResult[] second =
        [
            new()
            {
                Asset = "customers", Column = "status", Check = "accepted_values", Severity = CheckSeverity.Warn,
                Status = CheckStatus.Error, Message = "no column 'status'",
            },
        ];
        await store.SaveCheckResultsAsync("r1", first, TestContext.Current.CancellationToken);
        await store.SaveCheckResultsAsync("r1", [], TestContext.Current.CancellationToken);
        await store.SaveCheckResultsAsync("r1", second, TestContext.Current.CancellationToken);

        var results = await store.GetCheckResultsAsync("r1", TestContext.Current.CancellationToken);

        results.Count.ShouldBe(3);
        results[0].Asset.ShouldBe("orders");
        results[0].Column.ShouldBe("order_id");
        results[0].Check.ShouldBe("not_null");
        results[0].Severity.ShouldBe(CheckSeverity.Error);
        results[0].Status.ShouldBe(CheckStatus.Fail);
        results[0].FailingRows.ShouldBe(3);
        results[0].Message.ShouldBe("3 rows are null");
        results[0].Duration.ShouldBe(TimeSpan.FromMilliseconds(12.5));
        results[0].BlocksAsset.ShouldBeTrue();
        results[1].Column.ShouldBeNull();
        results[1].Severity.ShouldBe(CheckSeverity.Warn);
        results[1].Status.ShouldBe(CheckStatus.Pass);
        results[1].Message.ShouldBeNull();
        results[1].Duration.ShouldBe(TimeSpan.FromSeconds(2));
        results[2].Asset.ShouldBe("customers");
        results[2].Status.ShouldBe(CheckStatus.Error);
        (await store.GetCheckResultsAsync("other", TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveCheckResultsAsync_StoresEnumsAsLowerCaseTextAndDurationInMilliseconds()
    {
        await using (var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken))
        {
            await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
            await store.SaveCheckResultsAsync(
                "r1",
                [
                    new CheckResult
                    {
                        Asset = "orders", Check = "unique", Severity = CheckSeverity.Warn, Status = CheckStatus.Fail,
                        FailingRows = 2, Duration = TimeSpan.FromMilliseconds(1500),
                    },
                ],
                TestContext.Current.CancellationToken);
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        (await ScalarAsync(connection, "SELECT severity || '|' || status || '|' || duration_ms FROM check_results;"))
            .ShouldBe("warn|fail|1500.0");
        (await ScalarAsync(connection, "SELECT started_at || '|' || status FROM runs;"))
            .ShouldBe("2026-11-26T01:02:03.0000000Z|running");
    }

    [Fact]
    public async Task SaveAssetAsync_From8TasksAtOnce_SavesEveryRecord()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(
            async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    var name = $"t{t}_a{i:D2}";
                    await store.SaveAssetAsync("r1", Asset(name, AssetStatus.Running, s_t0.AddSeconds(i)), ct);
                    await store.SaveAssetAsync("r1", Asset(name, AssetStatus.Succeeded, s_t0.AddSeconds(i)), ct);
                    await store.SaveCheckResultsAsync(
                        "r1",
                        [new CheckResult { Asset = name, Check = "not_null", Severity = CheckSeverity.Error, Status = CheckStatus.Pass }],
                        ct);
                }
            },
            ct)));

        var run = (await store.GetRunAsync("r1", ct)).ShouldNotBeNull();
        run.Assets.Count.ShouldBe(400);
        run.Assets.ShouldAllBe(a => a.Status == AssetStatus.Succeeded);
        (await store.GetCheckResultsAsync("r1", ct)).Count.ShouldBe(400);
    }

    [Fact]
    public async Task OpenAsync_TwoStoresOnOneFileWritingAtOnce_BothSucceed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await SqliteRunStore.OpenAsync(DatabasePath, ct);
        await using var second = await SqliteRunStore.OpenAsync(DatabasePath, ct);

        await Task.WhenAll(
            Task.Run(() => WriteRunsAsync(first, "a", ct), ct),
            Task.Run(() => WriteRunsAsync(second, "b", ct), ct));

        (await first.ListRunsAsync(1000, ct)).Count.ShouldBe(200);
        (await second.GetRunAsync("a99", ct)).ShouldNotBeNull().Assets.ShouldHaveSingleItem();

        static async Task WriteRunsAsync(SqliteRunStore store, string prefix, CancellationToken ct)
        {
            for (var i = 0; i < 100; i++)
            {
                var id = $"{prefix}{i}";
                await store.StartRunAsync(NewRun(id, s_t0), ct);
                await store.SaveAssetAsync(id, Asset("x", AssetStatus.Succeeded, s_t0), ct);
                await store.CompleteRunAsync(id, RunStatus.Succeeded, s_t0, ct);
            }
        }
    }

    [Fact]
    public async Task OpenAsync_ReopenedFile_KeepsRunsAssetsAndChecks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var store = await SqliteRunStore.OpenAsync(DatabasePath, ct))
        {
            await store.StartRunAsync(NewRun("r1", s_t0), ct);
            await store.SaveAssetAsync("r1", Asset("orders", AssetStatus.Succeeded, s_t0), ct);
            await store.SaveCheckResultsAsync(
                "r1",
                [new CheckResult { Asset = "orders", Check = "unique", Severity = CheckSeverity.Error, Status = CheckStatus.Pass }],
                ct);
            await store.CompleteRunAsync("r1", RunStatus.Succeeded, s_t0.AddSeconds(1), ct);
        }

        await using var reopened = await SqliteRunStore.OpenAsync(DatabasePath, ct);

        var run = (await reopened.GetRunAsync("r1", ct)).ShouldNotBeNull();
        run.Status.ShouldBe(RunStatus.Succeeded);
        run.Assets.ShouldHaveSingleItem().Asset.ShouldBe("orders");
        (await reopened.GetCheckResultsAsync("r1", ct)).ShouldHaveSingleItem().Check.ShouldBe("unique");
    }

    [Fact]
    public async Task Dispose_ThenCall_ThrowsObjectDisposed()
    {
        var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        store.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(() => store.ListRunsAsync(1, TestContext.Current.CancellationToken));
    }

    private static RunRecord NewRun(string id, DateTimeOffset startedAt) => new() { RunId = id, Command = "run", StartedAt = startedAt };

    private static AssetRunRecord Asset(string name, AssetStatus status, DateTimeOffset? startedAt) =>
        new() { Asset = name, Status = status, Attempts = 1, StartedAt = startedAt };

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
