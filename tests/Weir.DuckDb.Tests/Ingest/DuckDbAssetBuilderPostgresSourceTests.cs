namespace Weir.DuckDb.Tests.Ingest;

[Trait("Category", "Integration")]
public sealed class DuckDbAssetBuilderPostgresSourceTests(PostgresServer server) : DatabaseSourceContext, IClassFixture<PostgresServer>
{
    protected override string CreateOrders =>
        "CREATE TABLE orders (id integer PRIMARY KEY, customer text, amount numeric(10,2), updated_at timestamp)";

    protected override async Task<SourceDatabase> OpenSourceAsync() =>
        SourceDatabase.Postgres(await server.CreateDatabaseAsync(Token));

    [Fact]
    public async Task BuildAsync_IncrementalFiveRounds_LakeEqualsSourceAfterEach()
    {
        await StartAsync();

        await RunFiveIncrementalRoundsAsync();
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

    [Theory]
    [InlineData("orders", "id", null, true)]
    [InlineData("orders", "id,customer", null, true)]
    [InlineData("orders", "id", "BIGINT", false)]
    [InlineData("pairs", "id", null, false)]
    [InlineData(null, "id", null, false)]
    public async Task ReadAsync_TablePrimaryKeyWithinTheDeclaredKey_VouchesForUniqueKeys(
        string? table, string key, string? keyType, bool unique)
    {
        await StartAsync();
        await SourceAsync("CREATE TABLE pairs (id integer, line integer, updated_at timestamp, PRIMARY KEY (id, line))");
        await SourceAsync(Insert(1, "ann", "1.00", "10:00:00"));
        var keys = key.Split(',');
        var source = new Project.SourceSpec
        {
            Name = "orders",
            Location = new Diagnostics.SourceLocation("sources/shop.yaml", 3),
            Format = Project.SourceFormat.Postgres,
            Path = string.Empty,
            Connection = Db.ConnectionString,
            Table = table,
            Query = table is null ? "SELECT * FROM orders" : null,
            Mode = Project.SourceLoadMode.Incremental,
            Cursor = "updated_at",
            PrimaryKey = keys,
            Columns = keyType is null ? [] : [new Project.ColumnSpec(keys[0], keyType, null, [], new Diagnostics.SourceLocation("sources/shop.yaml", 4))],
        };
        using var duckDb = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        await duckDb.OpenAsync(Token);

        var read = await DuckDb.Ingest.DatabaseSourceReader.ReadAsync(duckDb, "stage", source, Path.GetTempPath(), null, Token);

        read.UniqueKeys.ShouldBe(unique);
        read.Rows.ShouldBe(table == "pairs" ? 0 : 1);
    }

    [Fact]
    public async Task BuildAsync_PostgresTypes_MapToDuckDbTypes()
    {
        await StartAsync();
        await SourceAsync("""
            CREATE TABLE typed (
                id bigint PRIMARY KEY, flag boolean, small smallint, num integer, ratio real, score double precision,
                price numeric(12,3), name varchar(20), day date, at timestamp, at_tz timestamptz, key uuid, bytes bytea,
                doc jsonb, clock time, span interval)
            """);
        await SourceAsync("""
            INSERT INTO typed VALUES
                (1, true, 2, 3, 1.5, 2.25, 12.345, 'ann', '2026-01-02', '2026-01-02 03:04:05', '2026-01-02 03:04:05+02',
                 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x0102', '{"a": 1}', '10:11:12', '1 hour'),
                (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """);
        var source = IncrementalSource("typed", "at_tz", table: "public.typed");

        var result = await BuildAsync(source);

        Counts(result.Action).ShouldBe((2, 2));
        result.Action.ShouldEndWith("→ 2026-01-02T01:04:05Z");
        (await RowsAsync("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'typed' ORDER BY ordinal_position"))
            .ShouldBe([
                "id BIGINT", "flag BOOLEAN", "small SMALLINT", "num INTEGER", "ratio FLOAT", "score DOUBLE", "price DECIMAL(12,3)",
                "name VARCHAR", "day DATE", "at TIMESTAMP", "at_tz TIMESTAMP WITH TIME ZONE", "key VARCHAR", "bytes BLOB", "doc VARCHAR",
                "clock VARCHAR", "span VARCHAR",
            ]);
        (await RowsAsync("SELECT id, flag, small, num, ratio, score, price, name, day, \"at\", key, doc FROM main.typed ORDER BY id"))
            .ShouldBe([
                "1|True|2|3|1.5|2.25|12.345|ann|2026-01-02|2026-01-02 03:04:05|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|{\"a\": 1}",
                "2|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
            ]);
        (await RowsAsync("SELECT epoch(at_tz)::BIGINT, octet_length(bytes) FROM main.typed WHERE id = 1")).ShouldBe(["1767315845|2"]);
    }

    [Fact]
    public async Task BuildAsync_NumericOfUpTo18Digits_KeepsEveryDigitAndItsType()
    {
        await StartAsync();
        await SourceAsync("CREATE TABLE prices (id integer PRIMARY KEY, cents numeric(18,2), whole numeric(5,0), fine numeric(18,6), wide numeric(30,4))");
        await SourceAsync("""
            INSERT INTO prices VALUES
                (1, 9999999999999999.99, 99999, 123456789012.345678, 1234567890123456789012.3456),
                (2, -9999999999999999.99, -1, -0.000001, -1.5),
                (3, -1234.5, 0, 0, 0),
                (4, NULL, NULL, NULL, NULL)
            """);
        var source = IncrementalSource("prices", "id", table: "public.prices");

        var result = await BuildAsync(source);

        Counts(result.Action).ShouldBe((4, 4));
        (await RowsAsync("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'prices' ORDER BY ordinal_position"))
            .ShouldBe(["id INTEGER", "cents DECIMAL(18,2)", "whole DECIMAL(5,0)", "fine DECIMAL(18,6)", "wide DECIMAL(30,4)"]);
        (await RowsAsync("SELECT id, CAST(cents AS VARCHAR), CAST(whole AS VARCHAR), CAST(fine AS VARCHAR), CAST(wide AS VARCHAR) FROM main.prices ORDER BY id"))
            .ShouldBe([
                "1|9999999999999999.99|99999|123456789012.345678|1234567890123456789012.3456",
                "2|-9999999999999999.99|-1|-0.000001|-1.5000",
                "3|-1234.50|0|0.000000|0.0000",
                "4|NULL|NULL|NULL|NULL",
            ]);
    }

    [Fact]
    public async Task BuildAsync_ValueTheDriverRefuses_QuarantinesItsRowAndLoadsTheRest()
    {
        await StartAsync();
        // System.Decimal has no NaN, and an unconstrained numeric may hold more digits than DECIMAL(38,10): Npgsql refuses both.
        await SourceAsync("CREATE TABLE measures (id integer PRIMARY KEY, label text, value numeric, seen timestamp)");
        await SourceAsync("""
            INSERT INTO measures VALUES
                (1, 'a', 1.5, '2026-01-01 10:00'), (2, 'b', 'NaN', '2026-01-01 11:00'), (3, 'c', -2, '2026-01-01 09:00'),
                (4, 'd', 1e40, '2026-01-01 12:00')
            """);
        var source = IncrementalSource("measures", "seen", table: "measures");

        var result = await BuildAsync(source);

        var load = result.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined).ShouldBe((4, 2, 2));
        (await RowsAsync("SELECT id, label, CAST(value AS VARCHAR) FROM main.measures ORDER BY id")).ShouldBe(["1|a|1.5000000000", "3|c|-2.0000000000"]);
        (await RowsAsync("SELECT file, line, json_extract_string(raw, '$.label'), reason LIKE 'column \"value\": %' FROM main.measures__quarantine ORDER BY line"))
            .ShouldBe(["measures|2|b|True", "measures|4|d|True"]);
        // The quarantined rows were read: the watermark passes them, so the next load does not read them again.
        load.WatermarkAfter.ShouldBe("2026-01-01T12:00:00");
    }

    [Fact]
    public async Task BuildAsync_TimestampTzCursorAcrossLoads_ReadsFromTheUtcWatermark()
    {
        await StartAsync();
        await SourceAsync("CREATE TABLE events (id integer PRIMARY KEY, at timestamptz)");
        await SourceAsync("INSERT INTO events VALUES (1, '2026-01-01 10:00:00+00'), (2, '2026-01-01 12:00:00+02')");
        var source = IncrementalSource("events", "at", query: "SELECT id, at FROM events;");
        (await BuildAsync(source)).Action.ShouldEndWith("watermark none → 2026-01-01T10:00:00Z");
        await SourceAsync("INSERT INTO events VALUES (3, '2026-01-01 11:00:00+00'), (4, '2026-01-01 09:59:59+00')");

        var second = await BuildAsync(source);

        Counts(second.Action).ShouldBe((3, 3));
        second.Action.ShouldEndWith("watermark 2026-01-01T10:00:00Z → 2026-01-01T11:00:00Z");
        (await RowsAsync("SELECT id FROM main.events ORDER BY id")).ShouldBe(["1", "2", "3"]);
    }

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

    /// <summary>An incremental PostgreSQL source keyed on <c>id</c>, over a table or a query.</summary>
    private Project.SourceSpec IncrementalSource(string name, string cursor, string? table = null, string? query = null) => new()
    {
        Name = name,
        Location = new Diagnostics.SourceLocation("sources/shop.yaml", 3),
        Format = Project.SourceFormat.Postgres,
        Path = string.Empty,
        Connection = Db.ConnectionString,
        Table = table,
        Query = query,
        Mode = Project.SourceLoadMode.Incremental,
        Cursor = cursor,
        PrimaryKey = ["id"],
    };
}
