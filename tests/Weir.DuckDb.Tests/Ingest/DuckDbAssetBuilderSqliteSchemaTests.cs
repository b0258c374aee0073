using Weir.Diagnostics;
using Weir.Project;
using Weir.Runs;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>
/// A SQLite source loaded twice, the second query returning different columns, under each <c>on_schema_change</c>
/// policy (full refresh included), and the load metrics of a database load.
/// </summary>
public sealed class DuckDbAssetBuilderSqliteSchemaTests : LakeBuilderContext
{
    private const string First = "SELECT id, amount, d AS ordered_at FROM orders";

    private SourceDatabase _db = null!;

    [Theory]
    [InlineData(SchemaChangePolicy.Evolve, "id long|amount long|ordered_at date|customer string", "1|10|2026-01-01|ann")]
    [InlineData(SchemaChangePolicy.Ignore, "id long|amount long|ordered_at date", "1|10|2026-01-01")]
    public async Task BuildAsync_NewColumn_IsAddedOrIgnored(SchemaChangePolicy policy, string columns, string row)
    {
        await StartAsync();
        await BuildAsync(Source(First, policy));

        var result = await BuildAsync(Source("SELECT id, amount, d AS ordered_at, customer FROM orders", policy));

        string.Join('|', await DeltaColumnsAsync(Source(First, policy))).ShouldBe(columns);
        (await RowsAsync("SELECT * FROM orders")).ShouldBe([row]);
        result.SchemaChanges.ShouldHaveSingleItem().Kind.ShouldBe(
            policy == SchemaChangePolicy.Evolve ? SchemaChangeKind.Added : SchemaChangeKind.Ignored);
    }

    [Theory]
    [InlineData(SchemaChangePolicy.Evolve)]
    [InlineData(SchemaChangePolicy.Ignore)]
    public async Task BuildAsync_MissingColumn_IsKeptAndFilledWithNull(SchemaChangePolicy policy)
    {
        await StartAsync();
        await BuildAsync(Source(First, policy));

        var result = await BuildAsync(Source("SELECT id, d AS ordered_at FROM orders", policy));

        (await DeltaColumnsAsync(Source(First, policy))).ShouldBe(["id long", "amount long", "ordered_at date"]);
        (await RowsAsync("SELECT * FROM orders")).ShouldBe(["1|NULL|2026-01-01"]);
        result.SchemaChanges.ShouldHaveSingleItem().ToString().ShouldBe("amount missing (NULL)");
    }

    [Fact]
    public async Task BuildAsync_WidenedTypeUnderEvolve_WidensTheColumn()
    {
        await StartAsync();
        await BuildAsync(Source(First, SchemaChangePolicy.Evolve));

        var result = await BuildAsync(Source("SELECT id, amount, ts AS ordered_at FROM orders", SchemaChangePolicy.Evolve));

        (await DeltaColumnsAsync(Source(First, SchemaChangePolicy.Evolve))).ShouldBe(["id long", "amount long", "ordered_at timestamp_ntz"]);
        (await RowsAsync("SELECT * FROM orders")).ShouldBe(["1|10|2026-01-01 10:30:00"]);
        result.SchemaChanges.ShouldHaveSingleItem().ToString().ShouldBe("ordered_at date→timestamp_ntz");
    }

    [Fact]
    public async Task BuildAsync_WidenedTypeUnderIgnore_CastsToTheStoredType()
    {
        await StartAsync();
        await BuildAsync(Source(First, SchemaChangePolicy.Ignore));

        await BuildAsync(Source("SELECT id, amount, ts AS ordered_at FROM orders", SchemaChangePolicy.Ignore));

        (await DeltaColumnsAsync(Source(First, SchemaChangePolicy.Ignore))).ShouldBe(["id long", "amount long", "ordered_at date"]);
        (await RowsAsync("SELECT * FROM orders")).ShouldBe(["1|10|2026-01-01"]);
    }

    [Fact]
    public async Task BuildAsync_IncompatibleTypeUnderEvolve_FailsNamingColumnTypesAndSourceAndCommitsNothing()
    {
        await StartAsync();
        await BuildAsync(Source(First, SchemaChangePolicy.Evolve));

        var exception = await Should.ThrowAsync<AssetBuildException>(
            () => BuildAsync(Source("SELECT id, customer AS amount, d AS ordered_at FROM orders", SchemaChangePolicy.Evolve)));

        exception.Message.ShouldStartWith(
            "source 'orders' (sources/shop.yaml:3:5): column \"amount\" changed type from long to string, which does not widen without loss");
        (await LatestVersionAsync(Source(First, SchemaChangePolicy.Evolve))).ShouldBe(1);
        (await RowsAsync("SELECT * FROM orders")).ShouldBe(["1|10|2026-01-01"]);
    }

    [Fact]
    public async Task BuildAsync_IncompatibleTypeUnderIgnore_FailsWhenAValueDoesNotConvertAndCommitsNothing()
    {
        await StartAsync();
        await BuildAsync(Source(First, SchemaChangePolicy.Ignore));

        var exception = await Should.ThrowAsync<AssetBuildException>(
            () => BuildAsync(Source("SELECT id, customer AS amount, d AS ordered_at FROM orders", SchemaChangePolicy.Ignore)));

        exception.Message.ShouldContain("on_schema_change: ignore casts \"amount\" (string to the table's long), and a value does not convert");
        (await LatestVersionAsync(Source(First, SchemaChangePolicy.Ignore))).ShouldBe(1);
    }

    [Theory]
    [InlineData("SELECT id, amount, d AS ordered_at, customer FROM orders", "new column \"customer\" string")]
    [InlineData("SELECT id, d AS ordered_at FROM orders", "column \"amount\" is missing")]
    [InlineData("SELECT id, amount, ts AS ordered_at FROM orders", "column \"ordered_at\" changed type from date to timestamp_ntz")]
    [InlineData("SELECT id, customer AS amount, d AS ordered_at FROM orders", "column \"amount\" changed type from long to string")]
    public async Task BuildAsync_AnyChangeUnderFail_FailsAndCommitsNothing(string query, string change)
    {
        await StartAsync();
        await BuildAsync(Source(First, SchemaChangePolicy.Fail));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(Source(query, SchemaChangePolicy.Fail)));

        exception.Message.ShouldContain($"({change}) and on_schema_change is fail; nothing was loaded");
        (await LatestVersionAsync(Source(First, SchemaChangePolicy.Fail))).ShouldBe(1);
        (await DeltaColumnsAsync(Source(First, SchemaChangePolicy.Fail))).ShouldBe(["id long", "amount long", "ordered_at date"]);
        (await RowsAsync("SELECT * FROM orders")).ShouldBe(["1|10|2026-01-01"]);
    }

    [Fact]
    public async Task BuildAsync_DeclaredColumnMissing_FailsNamingIt()
    {
        await StartAsync();
        var source = Source(First, SchemaChangePolicy.Evolve, [new ColumnSpec("channel", "VARCHAR", null, [], new SourceLocation("sources/shop.yaml", 9))]);

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe(
            "source 'orders' (sources/shop.yaml:3:5): declared column \"channel\" is not in the data read from SQLite; " +
            "its columns are \"id\", \"amount\", \"ordered_at\"");
    }

    [Fact]
    public async Task BuildAsync_IncrementalLoads_ReportRowsAndWatermarks()
    {
        await StartAsync();
        var source = new SourceSpec
        {
            Name = "orders",
            Location = new SourceLocation("sources/shop.yaml", 3, 5),
            Format = SourceFormat.Sqlite,
            Path = string.Empty,
            Connection = _db.ConnectionString,
            Table = "orders",
            Mode = SourceLoadMode.Incremental,
            Cursor = "ts",
            PrimaryKey = ["id"],
        };
        var first = await BuildAsync(source);
        await _db.ExecuteAsync("INSERT INTO orders VALUES (2, 'bob', 20, '2026-01-02', '2026-01-02 08:00:00')", Token);

        var second = await BuildAsync(source);

        var load = first.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.WatermarkBefore, load.WatermarkAfter, load.DeltaVersion)
            .ShouldBe((1L, 1L, (string?)null, (string?)"2026-01-01T10:30:00", (long?)1));
        var next = second.Load.ShouldNotBeNull();
        (next.RowsRead, next.RowsLoaded, next.WatermarkBefore, next.WatermarkAfter, next.DeltaVersion)
            .ShouldBe((2L, 2L, (string?)"2026-01-01T10:30:00", (string?)"2026-01-02T08:00:00", (long?)2));
        next.Files.ShouldBeNull();
    }

    private async Task StartAsync()
    {
        _db = SourceDatabase.Sqlite(Path.Combine(Root, "shop.db"));
        await _db.ExecuteAsync(
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, amount INTEGER, d DATE, ts TIMESTAMP); " +
            "INSERT INTO orders VALUES (1, 'ann', 10, '2026-01-01', '2026-01-01 10:30:00')",
            Token);
    }

    private SourceSpec Source(string query, SchemaChangePolicy policy, IReadOnlyList<ColumnSpec>? columns = null) => new()
    {
        Name = "orders",
        Location = new SourceLocation("sources/shop.yaml", 3, 5),
        Format = SourceFormat.Sqlite,
        Path = string.Empty,
        Connection = _db?.ConnectionString,
        Query = query,
        OnSchemaChange = policy,
        Columns = columns ?? [],
    };
}
