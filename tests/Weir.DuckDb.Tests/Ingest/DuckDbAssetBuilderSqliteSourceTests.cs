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

        failure.Message.ShouldContain("the schema of 'orders' would change");
        (await Lake.FindCommitParametersAsync(Orders(), "weir.watermark", Token)).ShouldNotBeNull()["weir.watermark"]
            .ShouldBe("2026-01-01T01:00:00");
        var retry = await BuildAsync(Orders());
        Counts(retry.Action).ShouldBe((3, 3));
        retry.Action.ShouldEndWith("watermark 2026-01-01T01:00:00 → 2026-01-01T03:00:00");
        await ShouldMatchSourceAsync();
    }

    [Fact]
    public async Task BuildAsync_DeclaredTypeDoesNotFit_NamesTheColumnNotTheValues()
    {
        await StartAsync();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "2", "02:00:00"));

        var failure = await Should.ThrowAsync<AssetBuildException>(
            () => BuildAsync(Orders(SourceLoadMode.FullRefresh, columns: [Column("customer", "INTEGER"), Column("amount", "DOUBLE")])));

        failure.Message.ShouldContain("rows could not be converted: column \"customer\" to INTEGER (2 rows); nothing was loaded");
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
}
