using Weir.Diagnostics;
using Weir.DuckDb.Lake;
using Weir.Project;

namespace Weir.DuckDb.Tests;

public sealed class DuckDbAssetBuilderLakeTests : LakeBuilderContext
{
    private const string PartitionedSql =
        "select i as id, case when i < 10 then 'eu' when i < 20 then 'us' else 'ap' end as region, i * 2 as amount from range(30) r(i)";

    [Fact]
    public async Task BuildAsync_CsvSource_WritesDeltaTableUnderRawAndPublishesAView()
    {
        WriteFile("data/orders.csv", "id,amount\n1,10\n2,20\n3,30\n");
        var source = Source("raw_orders", SourceFormat.Csv, "data/orders.csv");

        var result = await BuildAsync(source);

        var folder = Path.Combine(LakeRoot, "raw", "raw_orders");
        Directory.Exists(Path.Combine(folder, "_delta_log")).ShouldBeTrue();
        File.Exists(Path.Combine(folder, "_delta_log", "00000000000000000001.json")).ShouldBeTrue();
        result.Rows.ShouldBe(3);
        result.Action.ShouldBe("loaded 3 rows from 1 file");
        var snapshot = await SnapshotAsync(source);
        snapshot.Version.ShouldBe(1);
        snapshot.Files.ShouldNotBeEmpty();
        snapshot.Files.ShouldAllBe(f => File.Exists(Path.Combine(folder, f.Path)) && f.Path.EndsWith(".parquet", StringComparison.Ordinal));
        LakeTables.RowCount(snapshot).ShouldBe(3);
        (await KindAsync("raw_orders")).ShouldBe("VIEW");
        (await RowsAsync("SELECT id, amount FROM raw_orders ORDER BY id")).ShouldBe(["1|10", "2|20", "3|30"]);
    }

    [Fact]
    public async Task BuildAsync_Seed_WritesDeltaTableUnderRaw()
    {
        var path = WriteFile("seeds/countries.csv", "code,population\nFR,68\nDE,84\n");
        var seed = new SeedSpec
        {
            Name = "countries",
            Location = new SourceLocation("seeds/countries.csv", 1),
            Path = path,
            Columns = [Column("population", "INTEGER")],
        };

        var result = await BuildAsync(seed);

        result.Action.ShouldBe("loaded 2 rows from 1 file");
        Directory.Exists(Path.Combine(LakeRoot, "raw", "countries", "_delta_log")).ShouldBeTrue();
        (await DeltaColumnsAsync(seed)).ShouldBe(["code string", "population integer"]);
        (await RowsAsync("SELECT code, population FROM countries ORDER BY code")).ShouldBe(["DE|84", "FR|68"]);
    }

    [Fact]
    public async Task BuildAsync_CsvSourceRebuilt_CommitsAVersionWhoseSnapshotHoldsOnlyTheNewFiles()
    {
        WriteFile("data/orders.csv", "id,amount\n1,10\n2,20\n");
        var source = Source("raw_orders", SourceFormat.Csv, "data/orders.csv");
        await BuildAsync(source);
        var first = await SnapshotAsync(source);
        WriteFile("data/orders.csv", "id,amount\n3,30\n4,40\n5,50\n");

        var result = await BuildAsync(source);

        var second = await SnapshotAsync(source);
        second.Version.ShouldBe(first.Version + 1);
        second.Files.Select(f => f.Path).ShouldNotContain(p => first.Files.Any(o => o.Path == p));
        var commit = await CommitAsync(source, second.Version);
        commit.Where(a => a.Remove is not null).Select(a => a.Remove!.Path).ShouldBe(first.Files.Select(f => f.Path), ignoreOrder: true);
        commit.Where(a => a.Add is not null).Select(a => a.Add!.Path).ShouldBe(second.Files.Select(f => f.Path), ignoreOrder: true);
        result.Rows.ShouldBe(3);
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["3", "4", "5"]);
        LakeTables.RowCount(await SnapshotAsync(source, first.Version)).ShouldBe(2);
    }

    [Fact]
    public async Task BuildAsync_DeclaredTypedColumnMissing_FailsNamingTheColumnAndCreatesNoTable()
    {
        WriteFile("data/orders.csv", "id,amount\n1,10\n");
        var source = Source("raw_orders", SourceFormat.Csv, "data/orders.csv", [Column("Amount Due", "INTEGER")]);

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): declared column \"Amount Due\" is not in the data read from " +
            "data/orders.csv; its columns are \"id\", \"amount\"");
        (await Log(source).ExistsAsync(Token)).ShouldBeFalse();
        (await KindAsync("raw_orders")).ShouldBeNull();
    }

    [Fact]
    public async Task BuildAsync_DeclaredUntypedColumnMissingOnRebuild_FailsNamingTheColumnAndKeepsTheVersion()
    {
        WriteFile("data/orders.csv", "id,channel\n1,web\n");
        var source = Source("raw_orders", SourceFormat.Csv, "data/orders.csv", [Column("channel", null)]);
        await BuildAsync(source);
        var version = await LatestVersionAsync(source);
        WriteFile("data/orders.csv", "id,medium\n2,shop\n");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): declared column \"channel\" is not in the data read from data/orders.csv; " +
            "its columns are \"id\", \"medium\"");
        (await LatestVersionAsync(source)).ShouldBe(version);
        (await RowsAsync("SELECT id, channel FROM raw_orders")).ShouldBe(["1|web"]);
    }

    [Fact]
    public async Task BuildAsync_CastFailsOverMaxBadRows_FailsWithoutValuesAndCommitsNothing()
    {
        WriteFile("data/orders.csv", "id,Amount\n1,10\n2,secret-value\n3,30\n");
        var source = new SourceSpec
        {
            Name = "raw_orders",
            Location = new SourceLocation("sources/shop.yaml", 3, 5),
            Format = SourceFormat.Csv,
            Path = "data/orders.csv",
            Columns = [Column("Amount", "INTEGER")],
            MaxBadRows = new BadRowLimit(0, null),
        };

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): 1 row of 3 rows read could not be loaded, over max_bad_rows (0 rows); " +
            "nothing was loaded");
        exception.Message.ShouldNotContain("secret-value");
        (await Log(source).ExistsAsync(Token)).ShouldBeFalse();
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders__quarantine")).ShouldBeFalse();
    }

    [Theory]
    [InlineData(LakeZone.Raw, "raw")]
    [InlineData(LakeZone.Staging, "staging")]
    [InlineData(LakeZone.Curated, "curated")]
    public async Task BuildAsync_TableModel_WritesUnderTheFolderOfItsZone(LakeZone zone, string folder)
    {
        var model = Model("stg_orders", "select 1 as id", zone: zone);

        await BuildAsync(model);

        Directory.Exists(Path.Combine(LakeRoot, folder, "stg_orders", "_delta_log")).ShouldBeTrue();
        Directory.GetDirectories(LakeRoot).Select(Path.GetFileName).ShouldBe([folder]);
        Lake.TableFolder(model).ShouldBe(Path.Combine(LakeRoot, folder, "stg_orders"));
    }

    [Fact]
    public async Task BuildAsync_SourceWithZone_WritesUnderThatZone()
    {
        WriteFile("data/orders.csv", "id\n1\n");
        var source = Source("orders", SourceFormat.Csv, "data/orders.csv", zone: LakeZone.Staging);

        await BuildAsync(source);

        Directory.Exists(Path.Combine(LakeRoot, "staging", "orders", "_delta_log")).ShouldBeTrue();
        Directory.Exists(Path.Combine(LakeRoot, "raw")).ShouldBeFalse();
    }

    [Fact]
    public async Task BuildAsync_TableModel_WritesUnderCuratedAndPublishesAView()
    {
        await ExecuteAsync("CREATE TABLE src AS SELECT range AS id FROM range(4)");
        var model = Model("copied", "select id * 10 as id from src");

        var result = await BuildAsync(model);

        result.Rows.ShouldBe(4);
        result.Action.ShouldBe("wrote 4 rows (Delta version 1)");
        Directory.Exists(Path.Combine(LakeRoot, "curated", "copied", "_delta_log")).ShouldBeTrue();
        (await KindAsync("copied")).ShouldBe("VIEW");
        (await RowsAsync("SELECT max(id) FROM copied")).ShouldBe(["30"]);
    }

    [Fact]
    public async Task BuildAsync_PartitionedTableModel_WritesHiveFoldersAndPartitionValues()
    {
        var model = Model("sales", PartitionedSql, partitionBy: ["region"]);

        await BuildAsync(model);

        var folder = Lake.TableFolder(model);
        Directory.GetDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["_delta_log", "region=ap", "region=eu", "region=us"]);
        var snapshot = await SnapshotAsync(model);
        snapshot.Metadata.PartitionColumns.ShouldBe(["region"]);
        snapshot.Files.Select(f => f.PartitionValues["region"]).Distinct().Order(StringComparer.Ordinal).ShouldBe(["ap", "eu", "us"]);
        snapshot.Files.ShouldAllBe(f => f.Path.StartsWith("region=" + f.PartitionValues["region"] + "/", StringComparison.Ordinal));
        snapshot.Files.ShouldAllBe(f => File.Exists(Path.Combine(folder, f.Path)));
        (await RowsAsync("SELECT region, count(*), min(id), max(id) FROM sales GROUP BY region ORDER BY region"))
            .ShouldBe(["ap|10|20|29", "eu|10|0|9", "us|10|10|19"]);
    }

    [Fact]
    public async Task BuildAsync_PartitionedTableModel_ScanPrunesByPartitionAndByStatistics()
    {
        var model = Model("sales", PartitionedSql, partitionBy: ["region"]);
        await BuildAsync(model);
        var snapshot = await SnapshotAsync(model);
        var folder = Lake.TableFolder(model);

        var byPartition = DeltaScanBuilder.Build(snapshot, folder, DeltaFilter.Equal("region", "us"));
        var byStats = DeltaScanBuilder.Build(snapshot, folder, new DeltaFilter(
            new DeltaCondition("id", DeltaComparison.GreaterThanOrEqual, 22),
            new DeltaCondition("id", DeltaComparison.LessThan, 25)));
        var both = DeltaScanBuilder.Build(snapshot, folder, new DeltaFilter(
            new DeltaCondition("region", DeltaComparison.In, "eu", "us"),
            new DeltaCondition("id", DeltaComparison.GreaterThan, 12)));

        byPartition.Files.ShouldNotBeEmpty();
        byPartition.Files.ShouldAllBe(f => f.PartitionValues["region"] == "us");
        byPartition.FilesSkippedByPartition.ShouldBe(snapshot.Files.Count(f => f.PartitionValues["region"] != "us"));
        byPartition.FilesSkippedByStats.ShouldBe(0);
        (await RowsAsync($"SELECT count(*), min(id), max(id) FROM ({byPartition.Sql})")).ShouldBe(["10|10|19"]);
        byStats.Files.ShouldAllBe(f => f.PartitionValues["region"] == "ap");
        byStats.FilesSkippedByPartition.ShouldBe(0);
        byStats.FilesSkippedByStats.ShouldBe(snapshot.Files.Count(f => f.PartitionValues["region"] != "ap"));
        (await RowsAsync($"SELECT id FROM ({byStats.Sql}) ORDER BY id")).ShouldBe(["22", "23", "24"]);
        both.Files.ShouldAllBe(f => f.PartitionValues["region"] == "us");
        both.FilesSkippedByPartition.ShouldBe(snapshot.Files.Count(f => f.PartitionValues["region"] == "ap"));
        both.FilesSkippedByStats.ShouldBe(snapshot.Files.Count(f => f.PartitionValues["region"] == "eu"));
        (await RowsAsync($"SELECT count(*) FROM ({both.Sql})")).ShouldBe(["7"]);
    }

    [Fact]
    public async Task BuildAsync_TableModelGainsPartitionBy_RewritesTheTablePartitioned()
    {
        await BuildAsync(Model("sales", "select 1 as id, 'eu' as region"));

        await BuildAsync(Model("sales", "select 2 as id, 'us' as region", partitionBy: ["region"]));

        var snapshot = await SnapshotAsync(Stored("sales"));
        snapshot.Metadata.PartitionColumns.ShouldBe(["region"]);
        snapshot.Files.ShouldAllBe(f => f.Path.StartsWith("region=us/", StringComparison.Ordinal));
        (await RowsAsync("SELECT id, region FROM sales")).ShouldBe(["2|us"]);
    }

    [Fact]
    public async Task BuildAsync_TableModelLosesPartitionBy_RewritesTheTableUnpartitioned()
    {
        await BuildAsync(Model("sales", "select 1 as id, 'eu' as region", partitionBy: ["region"]));

        await BuildAsync(Model("sales", "select 2 as id, 'us' as region"));

        var snapshot = await SnapshotAsync(Stored("sales"));
        snapshot.Metadata.PartitionColumns.ShouldBeEmpty();
        snapshot.Files.ShouldAllBe(f => f.PartitionValues.Count == 0 && !f.Path.Contains('/', StringComparison.Ordinal));
        (await RowsAsync("SELECT id, region FROM sales")).ShouldBe(["2|us"]);
        var first = DeltaScanBuilder.Build(await SnapshotAsync(Stored("sales"), 1), Lake.TableFolder(Stored("sales")));
        (await RowsAsync($"SELECT id, region FROM ({first.Sql})")).ShouldBe(["1|eu"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalAppend_SecondRunAppendsOnlyRowsPastTheCursor()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT range AS id, range * 10 AS ts FROM range(1, 4)");
        var model = Model("all_events", "select id, ts from events", Materialization.Incremental, cursor: "ts");

        var first = await BuildAsync(model);
        var firstFiles = (await SnapshotAsync(model)).Files.Select(f => f.Path).ToList();
        await ExecuteAsync("INSERT INTO events VALUES (4, 40), (5, 50), (0, 0)");
        var second = await BuildAsync(model);
        var third = await BuildAsync(model);

        first.Action.ShouldBe("created 3 rows (Delta version 1)");
        second.Action.ShouldBe("appended 2 rows (Delta version 2)");
        second.Rows.ShouldBe(5);
        third.Action.ShouldBe("appended 0 rows (Delta version 3)");
        third.Rows.ShouldBe(5);
        var appended = await CommitAsync(model, 2);
        appended.ShouldNotContain(a => a.Remove != null);
        appended.Where(a => a.Add is not null).Select(a => a.Add!.Path).ShouldNotContain(p => firstFiles.Contains(p));
        (await Log(model).GetHistoryAsync(1, Token))[0].IsBlindAppend.ShouldBe(true);
        (await RowsAsync("SELECT id FROM all_events ORDER BY id")).ShouldBe(["1", "2", "3", "4", "5"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalInAFreshWarehouse_TakesTheCursorFromTheLakeTable()
    {
        const string events = "SELECT * FROM (VALUES (1, 10), (2, 20), (3, 30)) t(id, ts)";
        await ExecuteAsync($"CREATE TABLE events AS {events} WHERE id < 3");
        var model = Model("all_events", "select id, ts from events", Materialization.Incremental, cursor: "ts");
        await BuildAsync(model);
        await using var fresh = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { Threads = 2 }, Token);
        await using (var session = await fresh.OpenSessionAsync(Token))
        {
            await session.ExecuteAsync($"CREATE TABLE events AS {events}", Token);
        }

        var result = await new DuckDbAssetBuilder(fresh, Root, Lake).BuildAsync(new Graph.AssetNode(model, [], []), Token);

        result.Action.ShouldBe("appended 1 row (Delta version 2)");
        result.Rows.ShouldBe(3);
    }

    [Fact]
    public async Task BuildAsync_IncrementalAfterAnotherProcessAppended_DoesNotAppendItsRowsAgain()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT * FROM (VALUES (1, 10), (2, 20)) t(id, ts)");
        var model = Model("all_events", "select id, ts from events", Materialization.Incremental, cursor: "ts");
        await BuildAsync(model);
        await using (var other = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { Threads = 2 }, Token))
        await using (var session = await other.OpenSessionAsync(Token))
        {
            await Lake.WriteAsync(session, model, "SELECT 3 AS id, 30 AS ts", LakeWriteMode.Append, cancellationToken: Token);
        }

        await ExecuteAsync("INSERT INTO events VALUES (3, 30), (4, 40)");
        var result = await BuildAsync(model);

        result.Action.ShouldBe("appended 1 row (Delta version 3)");
        (await RowsAsync("SELECT id FROM all_events ORDER BY id")).ShouldBe(["1", "2", "3", "4"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalMergeTwiceOnSameInput_GivesTheSameTableAndRewritesOnlyTouchedFiles()
    {
        await ExecuteAsync("""
            CREATE TABLE customers AS SELECT * FROM (VALUES
                (1, 'eu', 'a', 1), (2, 'us', 'b', 1), (3, 'eu', 'c', 1), (4, 'us', 'd', 2)) t(id, region, name, updated_at)
            """);
        var model = Model(
            "dim_customers",
            "select * from customers",
            Materialization.Incremental,
            uniqueKey: ["id"],
            cursor: "updated_at",
            partitionBy: ["region"]);

        await BuildAsync(model);
        var afterFirst = await RowsAsync("SELECT * FROM dim_customers ORDER BY id");
        var before = await SnapshotAsync(model);
        var second = await BuildAsync(model);
        var afterSecond = await RowsAsync("SELECT * FROM dim_customers ORDER BY id");

        afterFirst.ShouldBe(["1|eu|a|1", "2|us|b|1", "3|eu|c|1", "4|us|d|2"]);
        afterSecond.ShouldBe(afterFirst);
        second.Rows.ShouldBe(4);
        var commit = await CommitAsync(model, before.Version + 1);
        var removed = commit.Where(a => a.Remove is not null).Select(a => a.Remove!.Path).ToList();
        var added = commit.Where(a => a.Add is not null).Select(a => a.Add!).ToList();
        removed.ShouldBe(before.Files.Where(f => f.PartitionValues["region"] == "us").Select(f => f.Path), ignoreOrder: true);
        added.ShouldNotBeEmpty();
        added.ShouldAllBe(f => f.PartitionValues["region"] == "us");
        var after = await SnapshotAsync(model);
        after.Files.Where(f => f.PartitionValues["region"] == "eu").Select(f => f.Path)
            .ShouldBe(before.Files.Where(f => f.PartitionValues["region"] == "eu").Select(f => f.Path), ignoreOrder: true);
    }

    [Fact]
    public async Task BuildAsync_IncrementalMergeRowUpdatedAtPreviousMaximum_IsPickedUp()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20)) t(id, name, updated_at)");
        var model = Model("dim_customers", "select * from customers", Materialization.Incremental, uniqueKey: ["id"], cursor: "updated_at");
        await BuildAsync(model);
        await ExecuteAsync("UPDATE customers SET name = 'B' WHERE id = 2");
        await ExecuteAsync("UPDATE customers SET name = 'ignored' WHERE id = 1");
        await ExecuteAsync("INSERT INTO customers VALUES (3, 'c', 20), (4, 'd', 30)");

        var result = await BuildAsync(model);

        result.Action.ShouldBe("merged 3 rows (Delta version 2)");
        result.Rows.ShouldBe(4);
        (await RowsAsync("SELECT * FROM dim_customers ORDER BY id")).ShouldBe(["1|a|10", "2|B|20", "3|c|20", "4|d|30"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalMergeDuplicateKeysInBatch_FailsAndLeavesTheVersionUnchanged()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)");
        var model = Model("dim_customers", "select * from customers", Materialization.Incremental, uniqueKey: ["id"]);
        await BuildAsync(model);
        var version = await LatestVersionAsync(model);
        await ExecuteAsync("INSERT INTO customers VALUES (2, 'again'), (3, 'c')");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(model));

        exception.Message.ShouldStartWith("model 'dim_customers' (models/dim_customers.sql): ");
        exception.Message.ShouldContain("more than one row");
        (await LatestVersionAsync(model)).ShouldBe(version);
        (await RowsAsync("SELECT * FROM dim_customers ORDER BY id")).ShouldBe(["1|a", "2|b"]);
    }

    [Fact]
    public async Task LoadSnapshotAsync_VersionOneAfterThreeBuilds_ReadsTheFirstBuildsRows()
    {
        var sql = new[] { "select 1 as v", "select 2 as v union all select 3", "select 4 as v" };
        foreach (var select in sql)
        {
            await BuildAsync(Model("m", select));
        }

        var model = Model("m", sql[^1]);
        var log = Log(model);
        var first = await log.LoadSnapshotAsync(1, Token);
        var second = await log.LoadSnapshotAsync(2, Token);

        (await log.LatestVersionAsync(Token)).ShouldBe(3);
        (await RowsAsync($"SELECT v FROM ({DeltaScanBuilder.Build(first, Lake.TableFolder(model)).Sql}) ORDER BY v")).ShouldBe(["1"]);
        (await RowsAsync($"SELECT v FROM ({DeltaScanBuilder.Build(second, Lake.TableFolder(model)).Sql}) ORDER BY v")).ShouldBe(["2", "3"]);
        (await RowsAsync("SELECT v FROM m")).ShouldBe(["4"]);
    }
}
