using Weir.Testing;
using System.Globalization;
using Weir.DuckDb.Lake;
using Weir.Project;

namespace Weir.DuckDb.Tests;

/// <summary>Delta tables written elsewhere, read in place as sources: at the latest version, a version or a time.</summary>
public sealed class DuckDbAssetBuilderDeltaSourceTests : LakeBuilderContext
{
    private static readonly DateTimeOffset s_day0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private string ExternalRoot => Path.Combine(Root, "external");

    /// <summary>The external table <see cref="CreateExternalTableAsync"/> writes.</summary>
    private string ExternalTable => Path.Combine(ExternalRoot, "raw", "ext_orders");

    [Fact]
    public async Task BuildAsync_DeltaSourceAtLatest_ReadsTheTableInPlace()
    {
        await CreateExternalTableAsync();

        var result = await BuildAsync(Source("orders", SourceFormat.Delta, ExternalTable));

        result.Rows.ShouldBe(2);
        result.Action.ShouldBe("reads Delta version 4 (2 rows) in place");
        (await RowsAsync("SELECT id, name FROM orders ORDER BY id")).ShouldBe(["10|j", "11|k"]);
        (await KindAsync("orders")).ShouldBe("VIEW");
        Directory.Exists(Path.Combine(LakeRoot, "raw", "orders")).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "1|a 2|b 3|c")]
    [InlineData(2, "1|a 2|b 3|c 4|d 5|e")]
    [InlineData(3, "1|a 2|B 3|c 4|d 5|e")]
    [InlineData(4, "10|j 11|k")]
    public async Task BuildAsync_DeltaSourceAtVersion_ReadsThatVersionsRows(long version, string expected)
    {
        await CreateExternalTableAsync();

        var result = await BuildAsync(Source("orders", SourceFormat.Delta, ExternalTable, version: version));

        result.Action.ShouldStartWith($"reads Delta version {version} (");
        (await RowsAsync("SELECT id, name FROM orders ORDER BY id")).ShouldBe(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", 0)]
    [InlineData("2024-01-03T12:00:00Z", 2)]
    [InlineData("2024-01-04T00:00:00Z", 3)]
    [InlineData("2030-01-01T00:00:00Z", 4)]
    public async Task BuildAsync_DeltaSourceAtTimestamp_ReadsTheLastVersionCommittedAtOrBefore(string at, long version)
    {
        await CreateExternalTableAsync();
        var scan = DeltaScanBuilder.Build(await ExternalSnapshotAsync(version), ExternalTable);
        var rows = (await RowsAsync($"SELECT count(*) FROM ({scan.Sql})"))[0];
        var timestamp = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture);

        var result = await BuildAsync(Source("orders", SourceFormat.Delta, ExternalTable, timestamp: timestamp));

        result.Action.ShouldBe($"reads Delta version {version} ({rows} row{(rows == "1" ? string.Empty : "s")}) in place");
        (await RowsAsync("SELECT count(*) FROM orders")).ShouldBe([rows]);
    }

    [Fact]
    public async Task BuildAsync_DeltaSourceBeforeTheFirstCommit_FailsSayingWhenTheEarliestIs()
    {
        await CreateExternalTableAsync();

        var exception = await Should.ThrowAsync<AssetBuildException>(
            () => BuildAsync(Source("orders", SourceFormat.Delta, ExternalTable, timestamp: s_day0.AddDays(-1))));

        exception.Message.ShouldStartWith("source 'orders' (sources/shop.yaml:3:5): ");
        exception.Message.ShouldContain("has no version at or before 2023-12-31T00:00:00.0000000+00:00");
        exception.Message.ShouldContain("the earliest available is version 0, committed at 2024-01-01T00:00:00.0000000+00:00");
    }

    [Fact]
    public async Task BuildAsync_DeltaSourceAtMissingVersion_FailsNamingTheLatest()
    {
        await CreateExternalTableAsync();

        var exception = await Should.ThrowAsync<AssetBuildException>(
            () => BuildAsync(Source("orders", SourceFormat.Delta, ExternalTable, version: 9)));

        exception.Message.ShouldEndWith("Version 9 of the Delta table '" + ExternalTable + "' does not exist: the latest version is 4.");
    }

    [Fact]
    public async Task BuildAsync_DeltaSourceWithoutLog_FailsClearly()
    {
        Directory.CreateDirectory(Path.Combine(Root, "data", "not_delta"));

        var exception = await Should.ThrowAsync<AssetBuildException>(
            () => BuildAsync(Source("orders", SourceFormat.Delta, "data/not_delta")));

        exception.Message.ShouldStartWith("source 'orders' (sources/shop.yaml:3:5): ");
        exception.Message.ShouldContain(Path.Combine(Root, "data", "not_delta"));
    }

    [Fact]
    public async Task BuildAsync_SparkWrittenPartitionedTable_ReadsItsRowsWithPartitionValues()
    {
        var source = Source("spark_partitioned", SourceFormat.Delta, Path.Combine(SharedData.DeltaRsTables, "delta-0.8.0-partitioned"));

        var result = await BuildAsync(source);

        result.Rows.ShouldBe(7);
        result.Action.ShouldBe("reads Delta version 0 (7 rows) in place");
        (await RowsAsync("SELECT value, year, month, day FROM spark_partitioned ORDER BY value")).ShouldBe(
        [
            "1|2020|1|1",
            "2|2020|2|3",
            "3|2020|2|5",
            "4|2021|4|5",
            "5|2021|12|4",
            "6|2021|12|20",
            "7|2021|12|20",
        ]);
        (await RowsAsync("SELECT count(*) FROM spark_partitioned WHERE year = '2021' AND month = '12'")).ShouldBe(["3"]);
    }

    [Fact]
    public async Task BuildAsync_TableNeedingDeletionVectors_FailsNamingTheFeature()
    {
        var source = Source("dv", SourceFormat.Delta, Path.Combine(SharedData.DeltaRsTables, "table_with_deletion_logs"));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldStartWith("source 'dv' (sources/shop.yaml:3:5): ");
        exception.Message.ShouldContain("deletionVectors");
        exception.InnerException.ShouldBeOfType<Weir.Lake.UnsupportedTableFeatureException>()
            .Features.ShouldContain("deletionVectors");
        (await KindAsync("dv")).ShouldBeNull();
    }

    [Fact]
    public async Task BuildAsync_TableNeedingDeletionVectorsOnlyLater_ReadsAnEarlierVersion()
    {
        var source = Source("dv", SourceFormat.Delta, Path.Combine(SharedData.DeltaRsTables, "table_with_deletion_logs"), version: 0);

        var result = await BuildAsync(source);

        result.Rows.ShouldBe(100);
        (await RowsAsync("SELECT count(*), min(id), max(id) FROM dv")).ShouldBe(["100|10|109"]);
    }

    /// <summary>
    /// Writes <c>external/raw/ext_orders</c> through <see cref="LakeTables"/>: version 0 creates it, 1 writes ids 1-3,
    /// 2 appends 4-5, 3 merges id 2, 4 overwrites with 10-11. Version v's commit file is dated 2024-01-01 + v days.
    /// </summary>
    private async Task CreateExternalTableAsync()
    {
        var external = new LakeTables(new LakeSettings { Root = ExternalRoot });
        var asset = Source("ext_orders", SourceFormat.Csv, "unused.csv");
        await using var session = await Engine.OpenSessionAsync(Token);
        (string Select, LakeWriteMode Mode)[] writes =
        [
            ("SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) t(id, name)", LakeWriteMode.Overwrite),
            ("SELECT * FROM (VALUES (4, 'd'), (5, 'e')) t(id, name)", LakeWriteMode.Append),
            ("SELECT 2 AS id, 'B' AS name", LakeWriteMode.Merge),
            ("SELECT * FROM (VALUES (10, 'j'), (11, 'k')) t(id, name)", LakeWriteMode.Overwrite),
        ];
        foreach (var (select, mode) in writes)
        {
            await external.WriteAsync(session, asset, select, mode, mode == LakeWriteMode.Merge ? ["id"] : null, cancellationToken: Token);
        }

        for (var version = 0; version <= 4; version++)
        {
            var commit = Path.Combine(ExternalTable, "_delta_log", $"{version:D20}.json");
            File.SetLastWriteTimeUtc(commit, s_day0.AddDays(version).UtcDateTime);
        }
    }

    private Task<Weir.Lake.Snapshot> ExternalSnapshotAsync(long version) =>
        new Weir.Lake.Log.DeltaLog(new Weir.Lake.Storage.LocalObjectStore(Path.Combine(ExternalRoot, "raw")), "ext_orders")
            .LoadSnapshotAsync(version, Token);
}
