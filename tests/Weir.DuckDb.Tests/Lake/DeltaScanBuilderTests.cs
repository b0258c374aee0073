using Weir.DuckDb.Lake;
using Weir.Lake;

namespace Weir.DuckDb.Tests.Lake;

public sealed class DeltaScanBuilderTests : LakeTestContext
{
    private const string Rows = """
        SELECT * FROM (VALUES
            (1, 'a/b', DATE '2024-01-01', 1.50::DECIMAL(8,2), TIMESTAMP '2024-01-01 10:00:00.123456'),
            (2, 'a/b', DATE '2024-01-02', NULL, TIMESTAMP '2024-01-01 11:00:00'),
            (3, 'x y', DATE '2024-01-01', 3.00, NULL),
            (4, NULL, NULL, 4.25, TIMESTAMP '2024-01-02 00:00:00'),
            (5, '', DATE '2024-01-02', 5.00, TIMESTAMP '2024-01-03 00:00:00'))
            AS v(id, region, day, amount, "at")
        """;

    [Fact]
    public async Task Build_PartitionedTable_ReadsBackExactlyTheRowsAndTypes()
    {
        var snapshot = await WriteAsync(null, Rows, ["region", "day"]);

        var scan = DeltaScanBuilder.Build(snapshot, Folder);

        scan.Files.Count.ShouldBe(snapshot.Files.Count);
        (await RowsAsync($"SELECT column_name || ' ' || column_type FROM (DESCRIBE {scan.Sql})"))
            .ShouldBe(["id INTEGER", "region VARCHAR", "day DATE", "amount DECIMAL(8,2)", "at TIMESTAMP"]);
        (await RowsAsync($"SELECT * FROM ({scan.Sql}) ORDER BY id")).ShouldBe(
        [
            "1|a/b|2024-01-01|1.50|2024-01-01 10:00:00.123456",
            "2|a/b|2024-01-02|NULL|2024-01-01 11:00:00.000000",
            "3|x y|2024-01-01|3.00|NULL",
            "4|NULL|NULL|4.25|2024-01-02 00:00:00.000000",
            "5|NULL|2024-01-02|5.00|2024-01-03 00:00:00.000000",
        ]);
    }

    [Fact]
    public async Task Build_TypedPartitionColumns_StoreDeltaStringsAndReadBackTheValues()
    {
        const string select = """
            SELECT 1 AS id, TIMESTAMP '2024-01-01 10:00:00.5' AS at, TIMESTAMPTZ '2024-01-01 10:00:00+02' AS at_utc,
                   true AS flag, 1.50::DECIMAL(5,2) AS amount, DATE '2024-02-29' AS day
            """;
        var snapshot = await WriteAsync(null, select, ["at", "at_utc", "flag", "amount", "day"]);

        var values = snapshot.Files.ShouldHaveSingleItem().PartitionValues;
        values["at"].ShouldBe("2024-01-01 10:00:00.500000");
        values["at_utc"].ShouldBe("2024-01-01T08:00:00.000000Z");
        values["flag"].ShouldBe("true");
        values["amount"].ShouldBe("1.50");
        values["day"].ShouldBe("2024-02-29");
        var eightUtc = new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero);
        var scan = DeltaScanBuilder.Build(snapshot, Folder, DeltaFilter.Equal("at_utc", eightUtc));
        scan.Files.Count.ShouldBe(1);
        (await CountAsync(scan.Sql)).ShouldBe(1);
        (await CountAsync($"SELECT * FROM ({scan.Sql}) INTERSECT SELECT * FROM ({select})")).ShouldBe(1);
        DeltaScanBuilder.Build(snapshot, Folder, DeltaFilter.Equal("at", "2024-01-01 10:00:00")).Files.ShouldBeEmpty();
    }

    [Fact]
    public async Task Build_FilterOnAPartition_KeepsOnlyThatPartitionsFiles()
    {
        var snapshot = await WriteAsync(null, "SELECT i AS id, ['a', 'b', 'c'][i % 3 + 1] AS p FROM range(30) r(i)", ["p"]);
        snapshot = await WriteAsync(snapshot, "SELECT i AS id, ['a', 'b', 'c'][i % 3 + 1] AS p FROM range(30, 60) r(i)", ["p"]);

        var scan = DeltaScanBuilder.Build(snapshot, Folder, DeltaFilter.Equal("p", "b"));

        snapshot.Files.Count.ShouldBe(6);
        scan.Files.Count.ShouldBe(2);
        scan.Files.ShouldAllBe(f => f.PartitionValues["p"] == "b");
        scan.FilePaths.ShouldAllBe(p => p.StartsWith(Path.Combine(Folder, "p=b") + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        scan.FilesSkippedByPartition.ShouldBe(4);
        (await RowsAsync($"SELECT count(*), min(id), max(id) FROM ({scan.Sql})")).ShouldBe(["20|1|58"]);
    }

    [Fact]
    public async Task Build_PartitionInAndIsNull_KeepOnlyMatchingPartitions()
    {
        var snapshot = await WriteAsync(null, Rows, ["region"]);

        var nulls = DeltaScanBuilder.Build(snapshot, Folder, new DeltaFilter(new DeltaCondition("region", DeltaComparison.IsNull)));
        var some = DeltaScanBuilder.Build(snapshot, Folder, new DeltaFilter(new DeltaCondition("region", DeltaComparison.In, "x y", "zz")));

        nulls.Files.Select(f => f.PartitionValues["region"]).ShouldBe([null, null], ignoreOrder: true);
        (await RowsAsync($"SELECT id FROM ({nulls.Sql}) ORDER BY id")).ShouldBe(["4", "5"]);
        some.Files.ShouldHaveSingleItem().PartitionValues["region"].ShouldBe("x y");
        (await RowsAsync($"SELECT id FROM ({some.Sql})")).ShouldBe(["3"]);
    }

    [Fact]
    public async Task Build_FilterOnADataColumn_SkipsFilesByMinMax()
    {
        Snapshot? snapshot = null;
        for (var start = 0; start < 300; start += 100)
        {
            snapshot = await WriteAsync(snapshot, $"SELECT i AS id, i * 2 AS v FROM range({start}, {start + 100}) r(i)");
        }

        var filter = new DeltaFilter(
            new DeltaCondition("id", DeltaComparison.GreaterThanOrEqual, 150),
            new DeltaCondition("id", DeltaComparison.LessThan, 170L));
        var scan = DeltaScanBuilder.Build(snapshot!, Folder, filter);

        scan.Files.ShouldHaveSingleItem().ShouldBeSameAs(snapshot!.Files[1]);
        scan.FilesSkippedByStats.ShouldBe(2);
        (await RowsAsync($"SELECT count(*), min(id), max(id) FROM ({scan.Sql})")).ShouldBe(["20|150|169"]);
        DeltaScanBuilder.Build(snapshot, Folder, DeltaFilter.Equal("id", 300)).Files.ShouldBeEmpty();
        DeltaScanBuilder.Build(snapshot, Folder, DeltaFilter.Equal("id", "99")).Files.ShouldBe([snapshot.Files[0]]);
    }

    [Fact]
    public async Task Build_NullTests_UseTheNullCounts()
    {
        var snapshot = await WriteAsync(null, "SELECT 1 AS id, 'x' AS note");
        snapshot = await WriteAsync(snapshot, "SELECT 2 AS id, NULL::VARCHAR AS note");

        var isNull = DeltaScanBuilder.Build(snapshot, Folder, new DeltaFilter(new DeltaCondition("note", DeltaComparison.IsNull)));
        var notNull = DeltaScanBuilder.Build(snapshot, Folder, new DeltaFilter(new DeltaCondition("note", DeltaComparison.IsNotNull)));

        isNull.Files.ShouldBe([snapshot.Files[1]]);
        notNull.Files.ShouldBe([snapshot.Files[0]]);
        (await RowsAsync($"SELECT id FROM ({notNull.Sql})")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task Build_TimestampAndDateFilters_AllowForMillisecondStats()
    {
        var snapshot = await WriteAsync(null, "SELECT TIMESTAMP '2024-05-01 10:00:00.123456' AS at, DATE '2024-05-01' AS day");

        var exact = DeltaScanBuilder.Build(snapshot, Folder, DeltaFilter.Equal("at", new DateTime(2024, 5, 1, 10, 0, 0).AddTicks(1234560)));
        var later = DeltaScanBuilder.Build(snapshot, Folder, DeltaFilter.Equal("at", "2024-05-01 10:00:00.124"));
        var afterDay = new DeltaFilter(new DeltaCondition("day", DeltaComparison.GreaterThan, new DateOnly(2024, 5, 1)));
        var day = DeltaScanBuilder.Build(snapshot, Folder, afterDay);

        exact.Files.Count.ShouldBe(1);
        (await CountAsync(exact.Sql)).ShouldBe(1);
        later.Files.ShouldBeEmpty();
        day.Files.ShouldBeEmpty();
    }

    [Fact]
    public async Task Build_EmptyTable_StillReturnsTheTypedColumns()
    {
        var schema = DeltaSchemaConverter.FromDuckDbColumns(
            [new("id", "BIGINT"), new("at", "TIMESTAMP WITH TIME ZONE"), new("tags", "VARCHAR[]")]);
        var snapshot = Snapshot(schema, [], []);

        var scan = DeltaScanBuilder.Build(snapshot, Folder);

        scan.Files.ShouldBeEmpty();
        (await RowsAsync($"SELECT column_name || ' ' || column_type FROM (DESCRIBE {scan.Sql})"))
            .ShouldBe(["id BIGINT", "at TIMESTAMP WITH TIME ZONE", "tags VARCHAR[]"]);
        (await CountAsync(scan.Sql)).ShouldBe(0);
    }

    [Fact]
    public async Task Build_UnknownFilterColumn_Throws()
    {
        var snapshot = await WriteAsync(null, "SELECT 1 AS id");

        Should.Throw<ArgumentException>(() => DeltaScanBuilder.Build(snapshot, Folder, DeltaFilter.Equal("nope", 1)))
            .Message.ShouldStartWith("The filter column 'nope' is not a column of the table.");
    }

    [Fact]
    public async Task CreateViewAsync_Snapshot_CreatesAViewOverTheLiveFiles()
    {
        var first = await WriteAsync(null, "SELECT 1 AS id");
        var second = await WriteAsync(first, "SELECT 2 AS id");
        await Session.ExecuteAsync("CREATE SCHEMA lake", Token);

        await DeltaScanBuilder.CreateViewAsync(Session, "orders", first, Folder, "lake", Token);
        (await RowsAsync("SELECT id FROM lake.orders")).ShouldBe(["1"]);
        await DeltaScanBuilder.CreateViewAsync(Session, "orders", second, Folder, "lake", Token);

        (await RowsAsync("SELECT id FROM lake.orders ORDER BY id")).ShouldBe(["1", "2"]);
    }

    private async Task<Snapshot> WriteAsync(Snapshot? snapshot, string select, IReadOnlyList<string>? partitions = null)
    {
        var operations = new DeltaTableOperations(Session, Folder, Time);
        return Apply(snapshot, await operations.AppendAsync(snapshot, select, partitions, Token));
    }
}
