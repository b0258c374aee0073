using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class DuckDbAssetBuilderSqliteSourceTests : DatabaseSourceContext
{
    protected override string CreateOrders =>
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, amount REAL, updated_at TIMESTAMP)";

    protected override Task<SourceDatabase> OpenSourceAsync() =>
        Task.FromResult(SourceDatabase.Sqlite(Path.Combine(Root, "shop.db")));

    [Fact]
    public async Task BuildAsync_IncrementalFiveRounds_LakeEqualsSourceAfterEach()
    {
        await StartAsync();

        await RunFiveIncrementalRoundsAsync();
    }

    [Fact]
    public async Task ReadAsync_ManyBatchesOfRows_StagesEveryRowAndTheHighestCursor()
    {
        await StartAsync();
        await SourceAsync("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
            INSERT INTO orders (id, customer, amount, updated_at)
            SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'c' || i END, i / 4.0, datetime('2026-01-01', '+' || (i * 37 % 10000) || ' seconds') FROM n
            """);
        using var duckDb = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        await duckDb.OpenAsync(Token);

        var read = await DuckDb.Ingest.DatabaseSourceReader.ReadAsync(duckDb, "stage", Orders(), Root, null, Token);

        read.Rows.ShouldBe(10000);
        read.MaxCursor!.ToString().ShouldBe("2026-01-01T02:46:39");
        await using var command = duckDb.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT id) || '|' || count(customer) || '|' || sum(amount) || '|' || max(updated_at) FROM stage";
        (await command.ExecuteScalarAsync(Token)).ShouldBe("10000|8572|12501250.0|2026-01-01 02:46:39");
    }

    [Fact]
    public async Task BuildAsync_RowsAtTheWatermark_AreReadAgainAndNotDoubled()
    {
        await StartAsync();

        await RunRowsAtTheWatermarkAsync();
    }

    [Fact]
    public async Task BuildAsync_FullRefresh_OverwritesOrAppends()
    {
        await StartAsync();

        await RunFullRefreshAsync();
    }

    [Fact]
    public async Task BuildAsync_RelativeDataSource_IsReadFromTheProjectFolder()
    {
        await StartAsync();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        var source = new SourceSpec
        {
            Name = "orders",
            Location = new Diagnostics.SourceLocation("sources/shop.yaml", 3),
            Format = SourceFormat.Sqlite,
            Path = string.Empty,
            Connection = "Data Source=shop.db",
            Table = "main.orders",
        };

        var result = await BuildAsync(source);

        result.Rows.ShouldBe(1);
        await ShouldMatchSourceAsync();
    }

    [Fact]
    public async Task BuildAsync_MissingCursorColumn_FailsNamingTheColumns()
    {
        await StartAsync();
        var source = Orders() is var orders ? new SourceSpec
        {
            Name = orders.Name,
            Location = orders.Location,
            Format = orders.Format,
            Path = string.Empty,
            Connection = orders.Connection,
            Table = "orders",
            Mode = SourceLoadMode.Incremental,
            Cursor = "changed_at",
            PrimaryKey = ["id"],
        } : null!;

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("the cursor column \"changed_at\" is not in the rows read");
        exception.Message.ShouldContain("\"updated_at\"");
    }

    [Fact]
    public async Task BuildAsync_RowsAcrossManyAppenderChunks_AreAllLoaded()
    {
        await StartAsync();
        await SourceAsync("""
            INSERT INTO orders (id, customer, amount, updated_at)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
            SELECT i, 'c' || (i % 7), i * 0.5, '2026-01-01 00:00:00' FROM n
            """);

        var result = await BuildAsync(Orders(SourceLoadMode.FullRefresh));

        Counts(result.Action).ShouldBe((5000, 5000));
        (await RowsAsync("SELECT count(*), sum(id), sum(amount), count(DISTINCT customer) FROM main.orders")).ShouldBe(["5000|12502500|6251250|7"]);
    }

    [Fact]
    public async Task BuildAsync_EmptySourceTable_LoadsAnEmptyTableWithItsColumns()
    {
        await StartAsync();

        var full = await BuildAsync(Orders(SourceLoadMode.FullRefresh));

        Counts(full.Action).ShouldBe((0, 0));
        (await RowsAsync("SELECT count(*) FROM main.orders")).ShouldBe(["0"]);
        (await RowsAsync("SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position"))
            .ShouldBe(["id", "customer", "amount", "updated_at"]);

        // Then rows arrive: the kept chunks of the next load replace the empty table.
        await SourceAsync(Insert(1, "a", "1.5", "00:00:01"));
        var next = await BuildAsync(Orders(SourceLoadMode.FullRefresh));

        Counts(next.Action).ShouldBe((1, 1));
        (await RowsAsync("SELECT id, customer FROM main.orders")).ShouldBe(["1|a"]);
    }

    [Fact]
    public async Task BuildAsync_MalformedConnectionString_FailsNamingTheKeyword()
    {
        await StartAsync();
        var source = new SourceSpec
        {
            Name = "orders",
            Location = new Diagnostics.SourceLocation("sources/shop.yaml", 3),
            Format = SourceFormat.Sqlite,
            Path = string.Empty,
            Connection = "Data Source=shop.db;Flavour=hunter2",
            Table = "orders",
        };

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("the SQLite connection string is not valid");
        exception.Message.ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task BuildAsync_MissingDatabaseFile_FailsWithoutTheConnectionString()
    {
        await StartAsync();
        var source = new SourceSpec
        {
            Name = "orders",
            Location = new Diagnostics.SourceLocation("sources/shop.yaml", 3),
            Format = SourceFormat.Sqlite,
            Path = string.Empty,
            Connection = "Data Source=absent.db;Password=hunter2",
            Table = "orders",
        };

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("reading from SQLite failed");
        exception.Message.ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task BuildAsync_WatermarkInTheNewestCommit_IsWhereTheNextLoadStarts()
    {
        await StartAsync();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "2", "02:00:00"));
        var source = Orders();
        await BuildAsync(source);
        await using (var session = await Engine.OpenSessionAsync(Token))
        {
            // A commit that changes no row but records an older watermark: the next load must start there.
            await Lake.WriteAsync(session, source, "SELECT * FROM main.orders WHERE false", Weir.DuckDb.Lake.LakeWriteMode.Append,
                operationParameters: new Dictionary<string, string> { ["weir.watermark"] = "2026-01-01T00:30:00", ["weir.watermark.type"] = "timestamp" },
                cancellationToken: Token);
        }

        var result = await BuildAsync(source);

        Counts(result.Action).ShouldBe((2, 2));
        result.Action.ShouldEndWith("watermark 2026-01-01T00:30:00 → 2026-01-01T02:00:00");
        await ShouldMatchSourceAsync();
    }

    [Fact]
    public async Task BuildAsync_NoNewRowsWithoutLookback_CommitsNothingAndKeepsTheTable()
    {
        await StartAsync();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        var source = Orders();
        await BuildAsync(source);
        var version = await LatestVersionAsync(source);
        await using (var session = await Engine.OpenSessionAsync(Token))
        {
            await session.ExecuteAsync("DROP VIEW main.orders", Token);
        }

        await SourceAsync("DELETE FROM orders");
        await SourceAsync(Insert(1, "ann", "1", "00:59:00"));
        var result = await BuildAsync(source);

        result.Action.ShouldBe("read 0 rows from SQLite; watermark 2026-01-01T01:00:00 unchanged");
        (await LatestVersionAsync(source)).ShouldBe(version);
        (await RowsAsync("SELECT id, updated_at FROM main.orders")).ShouldBe(["1|2026-01-01 01:00:00"]);
    }

    [Fact]
    public async Task BuildAsync_IntegerCursor_MergesRowsAtOrPastTheHighestValue()
    {
        await StartAsync();
        await SourceAsync("CREATE TABLE log (seq INTEGER PRIMARY KEY, note TEXT)");
        await SourceAsync("INSERT INTO log VALUES (1, 'a'), (2, 'b')");
        var source = Log("seq", lookback: null);
        (await BuildAsync(source)).Action.ShouldEndWith("watermark none → 2");
        await SourceAsync("INSERT INTO log VALUES (3, 'c')");
        await SourceAsync("UPDATE log SET note = 'B' WHERE seq = 2");

        var second = await BuildAsync(source);

        Counts(second.Action).ShouldBe((2, 2));
        (await RowsAsync("SELECT seq, note FROM main.log ORDER BY seq")).ShouldBe(["1|a", "2|B", "3|c"]);
        (await Lake.FindCommitParametersAsync(source, "weir.watermark", Token)).ShouldNotBeNull()["weir.watermark.type"].ShouldBe("int64");
    }

    [Fact]
    public async Task BuildAsync_LookbackOnAnIntegerCursor_FailsOnceThereIsAWatermark()
    {
        await StartAsync();
        await SourceAsync("CREATE TABLE log (seq INTEGER PRIMARY KEY, note TEXT)");
        await SourceAsync("INSERT INTO log VALUES (1, 'a')");
        var source = Log("seq", lookback: TimeSpan.FromMinutes(5));
        await BuildAsync(source);

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("'lookback' needs a timestamp or date cursor");
    }

    [Fact]
    public async Task BuildAsync_WriteFails_WatermarkStaysAtTheLastCommittedLoad()
    {
        await StartAsync();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await BuildAsync(Orders());
        await SourceAsync(Insert(2, "bob", "2", "02:00:00"));
        await SourceAsync(Insert(3, "cy", "3", "03:00:00"));

        var failure = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(Orders(columns: [Column("customer", "INTEGER")])));

        failure.Message.ShouldContain("column \"customer\" changed type from string to integer, which does not widen without loss; nothing was loaded");
        (await Lake.FindCommitParametersAsync(Orders(), "weir.watermark", Token)).ShouldNotBeNull()["weir.watermark"]
            .ShouldBe("2026-01-01T01:00:00");
        var retry = await BuildAsync(Orders());
        Counts(retry.Action).ShouldBe((3, 3));
        retry.Action.ShouldEndWith("watermark 2026-01-01T01:00:00 → 2026-01-01T03:00:00");
        await ShouldMatchSourceAsync();
    }

    [Fact]
    public async Task BuildAsync_DeclaredTypeDoesNotFitOverMaxBadRows_FailsWithoutTheValues()
    {
        await StartAsync();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "2", "02:00:00"));
        var orders = Orders(SourceLoadMode.FullRefresh, columns: [Column("customer", "INTEGER"), Column("amount", "DOUBLE")]);
        var strict = new SourceSpec
        {
            Name = orders.Name,
            Location = orders.Location,
            Format = orders.Format,
            Path = string.Empty,
            Connection = orders.Connection,
            Table = orders.Table,
            Columns = orders.Columns,
            MaxBadRows = new BadRowLimit(0, null),
        };

        var failure = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(strict));

        failure.Message.ShouldContain("2 rows of 2 rows read could not be loaded, over max_bad_rows (0 rows); nothing was loaded");
        failure.Message.ShouldNotContain("bob");
        (await Lake.TryOpenAsync(Orders(), Token)).ShouldBeNull();
    }

    private SourceSpec Log(string cursor, TimeSpan? lookback) => new()
    {
        Name = "log",
        Location = new Diagnostics.SourceLocation("sources/shop.yaml", 3),
        Format = SourceFormat.Sqlite,
        Path = string.Empty,
        Connection = Db.ConnectionString,
        Table = "log",
        Mode = SourceLoadMode.Incremental,
        Cursor = cursor,
        Lookback = lookback,
        PrimaryKey = ["seq"],
    };

    [Fact]
    public async Task BuildAsync_DetectDeletes_FlagsMissingKeysAcrossRounds()
    {
        await StartAsync();

        await RunDeleteDetectionRoundsAsync();
    }

    [Fact]
    public async Task BuildAsync_DetectDeletesEvery_ComparesOnlyWhenDue()
    {
        await StartAsync();

        await RunDeleteDetectionEveryAsync();
    }

    [Fact]
    public async Task BuildAsync_DetectDeletesOnAppend_FlagsOldRowsInTheSameCommit()
    {
        await StartAsync();

        await RunDeleteDetectionAppendAsync();
    }

    [Fact]
    public async Task BuildAsync_ValuesNotOfTheDeclaredType_AreQuarantined()
    {
        await StartAsync();

        await RunQuarantineAsync();
    }

    [Fact]
    public async Task BuildAsync_QuarantineOverMaxBadRows_CommitsNothing()
    {
        await StartAsync();

        await RunQuarantineOverLimitAsync();
    }

    [Fact]
    public async Task BuildAsync_IncrementalQuarantine_AppendsAndReportsTheWatermark()
    {
        await StartAsync();

        await RunIncrementalQuarantineAsync();
    }

    [Fact]
    public async Task BuildAsync_ParallelFullRefresh_EqualsTheSourceRowForRow()
    {
        await StartAsync();

        await RunParallelFullRefreshAsync();
    }

    [Fact]
    public async Task BuildAsync_ParallelFullRefresh_QuarantinesLikeASerialRead()
    {
        await StartAsync();

        await RunParallelQuarantineAsync();
    }

    [Fact]
    public async Task BuildAsync_ParallelSplitByText_FailsNamingTheColumn()
    {
        await StartAsync();

        await RunParallelTextSplitAsync();
    }

    [Fact]
    public async Task BuildAsync_TextInAnIntegerColumn_IsQuarantinedNotReadAsZero()
    {
        await StartAsync();
        await SourceAsync("CREATE TABLE readings (id integer PRIMARY KEY, val text, n integer)");
        await SourceAsync("INSERT INTO readings VALUES (1, '10', 1), (2, '20', 'oops'), (3, '30', 3.5), (4, '40', '4')");

        var result = await BuildAsync(Readings());

        var load = result.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined).ShouldBe((4, 2, 2));
        (await RowsAsync("SELECT id, n FROM main.readings ORDER BY id")).ShouldBe(["1|1", "4|4"]);
        (await RowsAsync("SELECT file, line, raw, reason FROM main.readings__quarantine ORDER BY line")).ShouldBe([
            """readings|2|{"id":2,"val":"20","n":"oops"}|column "n": "oops" is not BIGINT""",
            """readings|3|{"id":3,"val":"30","n":3.5}|column "n": 3.5 is not BIGINT""",
        ]);
    }

    [Fact]
    public async Task BuildAsync_ParallelRangesWithUnreadableValues_QuarantineWithDistinctOffsets()
    {
        await StartAsync();
        await CreateItemsAsync();
        await SourceAsync("UPDATE items SET grp = 'oops' WHERE id % 7 = 3");
        var bad = await Db.CountAsync("SELECT count(*) FROM items WHERE id % 7 = 3", Token);
        var all = await Db.CountAsync("SELECT count(*) FROM items", Token);
        bad.ShouldBeGreaterThan(10);

        var result = await BuildAsync(Items(4, "id"));

        result.Action.ShouldContain("quarantined");
        var load = result.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined).ShouldBe((all, all - bad, bad));
        (await RowsAsync("SELECT count(*), count(DISTINCT line), min(reason) FROM main.items__quarantine"))
            .ShouldBe([$"{bad}|{bad}|column \"grp\": \"oops\" is not BIGINT"]);
        (await RowsAsync("SELECT count(*) FROM main.items WHERE id % 7 = 3")).ShouldBe(["0"]);
    }

    [Fact]
    public async Task BuildAsync_DetectDeletesTurnedOnLater_AddsTheFlagColumnsAndFlagsMissingKeys()
    {
        await StartAsync();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "2", "01:00:00"));
        await SourceAsync(Insert(3, "cy", "3", "01:00:00"));
        await LoadAtAsync(Orders());
        await SourceAsync("DELETE FROM orders WHERE id = 2");

        var result = await LoadAtAsync(WithDeletes(Orders()));

        result.Action.ShouldContain("deletes: 1 flagged, 0 restored");
        (await RowsAsync("SELECT id, customer, _weir_deleted, _weir_deleted_at FROM main.orders ORDER BY id"))
            .ShouldBe(["1|ann|False|NULL", "2|bob|True|2026-03-01 08:00:00", "3|cy|False|NULL"]);
    }
}
