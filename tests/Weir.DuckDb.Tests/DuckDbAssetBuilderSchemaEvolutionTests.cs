using Weir.Project;

namespace Weir.DuckDb.Tests;

/// <summary>A table or incremental model in the lake rebuilt with changed SQL, under each <c>on_schema_change</c> policy.</summary>
public sealed class DuckDbAssetBuilderSchemaEvolutionTests : LakeBuilderContext
{
    [Fact]
    public async Task BuildAsync_TableModelAddsAColumn_EvolvesAndRecordsTheMetadataChange()
    {
        await BuildAsync(Model("m", "select 1 as id"));

        var result = await BuildAsync(Model("m", "select 2 as id, 'web' as channel"));

        result.Action.ShouldBe("wrote 1 row (Delta version 2); schema: +channel string");
        (await DeltaColumnsAsync(Stored("m"))).ShouldBe(["id integer", "channel string"]);
        (await RowsAsync("SELECT id, channel FROM m")).ShouldBe(["2|web"]);
        var history = await Log(Stored("m")).GetHistoryAsync(cancellationToken: Token);
        history.Select(h => h.Operation).ShouldBe(["WRITE", "WRITE", "CREATE TABLE"]);
        (await CommitAsync(Stored("m"), 2)).ShouldContain(a => a.Metadata != null);
        (await CommitAsync(Stored("m"), 1)).ShouldNotContain(a => a.Metadata != null);
    }

    [Theory]
    [InlineData("INTEGER", "BIGINT", "integer", "long")]
    [InlineData("SMALLINT", "INTEGER", "short", "integer")]
    [InlineData("FLOAT", "DOUBLE", "float", "double")]
    [InlineData("DECIMAL(10,2)", "DECIMAL(12,2)", "decimal(10,2)", "decimal(12,2)")]
    public async Task BuildAsync_TableModelWidensAType_Evolves(string from, string to, string deltaFrom, string deltaTo)
    {
        await BuildAsync(Model("m", $"select 1::{from} as x"));

        var result = await BuildAsync(Model("m", $"select 2::{to} as x"));

        result.Action.ShouldBe($"wrote 1 row (Delta version 2); schema: x {deltaFrom}→{deltaTo}");
        (await DeltaColumnsAsync(Stored("m"))).ShouldBe([$"x {deltaTo}"]);
        (await RowsAsync("SELECT x::VARCHAR FROM m")).ShouldBe([(await RowsAsync($"SELECT 2::{to}::VARCHAR"))[0]]);
    }

    [Fact]
    public async Task BuildAsync_TableModelDropsAColumn_FailsNamingItAndTheOverwritePolicyAndKeepsTheVersion()
    {
        await BuildAsync(Model("m", "select 1 as id, 2 as amount"));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(Model("m", "select 3 as id")));

        exception.Message.ShouldBe(
            "model 'm' (models/m.sql): the schema of 'm' would change (column \"amount\" would be dropped (or renamed)): " +
            "set on_schema_change: overwrite on the asset to replace the table's schema");
        (await LatestVersionAsync(Stored("m"))).ShouldBe(1);
        (await RowsAsync("SELECT id, amount FROM m")).ShouldBe(["1|2"]);
    }

    [Fact]
    public async Task BuildAsync_TableModelRenamesAColumn_Fails()
    {
        await BuildAsync(Model("m", "select 1 as id, 2 as amount"));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(Model("m", "select 1 as id, 2 as total")));

        exception.Message.ShouldContain("+total integer; column \"amount\" would be dropped (or renamed)");
        exception.Message.ShouldContain("on_schema_change: overwrite");
        (await LatestVersionAsync(Stored("m"))).ShouldBe(1);
    }

    [Theory]
    [InlineData("BIGINT", "INTEGER", "long", "integer")]
    [InlineData("DOUBLE", "FLOAT", "double", "float")]
    [InlineData("INTEGER", "VARCHAR", "integer", "string")]
    public async Task BuildAsync_TableModelNarrowsOrChangesAType_Fails(string from, string to, string deltaFrom, string deltaTo)
    {
        await BuildAsync(Model("m", $"select 1::{from} as x"));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(Model("m", $"select 1::{to} as x")));

        exception.Message.ShouldContain($"column \"x\" would change type from {deltaFrom} to {deltaTo}");
        exception.Message.ShouldContain("on_schema_change: overwrite");
        (await DeltaColumnsAsync(Stored("m"))).ShouldBe([$"x {deltaFrom}"]);
    }

    [Fact]
    public async Task BuildAsync_TableModelDropsAColumnWithOverwritePolicy_ReplacesTheSchema()
    {
        await BuildAsync(Model("m", "select 1 as id, 2 as amount", onSchemaChange: SchemaChangePolicy.Overwrite));

        var result = await BuildAsync(Model("m", "select 3::BIGINT as id", onSchemaChange: SchemaChangePolicy.Overwrite));

        result.Action.ShouldBe("wrote 1 row (Delta version 2); schema: id integer→long; -amount");
        // Recorded column by column for the run store (weir schema m), with the version that changed it.
        result.SchemaChanges.Select(c => (c.Asset, c.Version, c.ToString()))
            .ShouldBe([("m", 2L, "id integer→long"), ("m", 2L, "-amount integer")]);
        (await DeltaColumnsAsync(Stored("m"))).ShouldBe(["id long"]);
        (await RowsAsync("SELECT * FROM m")).ShouldBe(["3"]);
    }

    [Fact]
    public async Task BuildAsync_TableModelAddsAColumnWithFailPolicy_Fails()
    {
        await BuildAsync(Model("m", "select 1 as id", onSchemaChange: SchemaChangePolicy.Fail));

        var exception = await Should.ThrowAsync<AssetBuildException>(
            () => BuildAsync(Model("m", "select 1 as id, 'x' as note", onSchemaChange: SchemaChangePolicy.Fail)));

        exception.Message.ShouldBe(
            "model 'm' (models/m.sql): the schema of 'm' would change (+note string): " +
            "the table has on_schema_change: fail; change it to evolve or overwrite to accept the change");
        (await LatestVersionAsync(Stored("m"))).ShouldBe(1);
    }

    [Fact]
    public async Task BuildAsync_TableModelSameSchemaWithFailPolicy_Writes()
    {
        await BuildAsync(Model("m", "select 1 as id", onSchemaChange: SchemaChangePolicy.Fail));

        var result = await BuildAsync(Model("m", "select 2 as id", onSchemaChange: SchemaChangePolicy.Fail));

        result.Action.ShouldBe("wrote 1 row (Delta version 2)");
        result.SchemaChanges.ShouldBeEmpty();
        (await CommitAsync(Stored("m"), 2)).ShouldNotContain(a => a.Metadata != null);
    }

    [Fact]
    public async Task BuildAsync_IncrementalAppendWithNewColumn_EvolvesTheTableWithNullsInOldRows()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT 1 AS id");
        await BuildAsync(Model("log", "select id from events", Materialization.Incremental, cursor: "id"));
        await ExecuteAsync("INSERT INTO events VALUES (2)");

        var result = await BuildAsync(
            Model("log", "select id, 'web' as \"Channel Name\" from events", Materialization.Incremental, cursor: "id"));

        result.Action.ShouldBe("appended 1 row (Delta version 2); schema: +Channel Name string");
        result.SchemaChanges.ShouldHaveSingleItem().ToString().ShouldBe("+Channel Name string");
        (await DeltaColumnsAsync(Stored("log"))).ShouldBe(["id integer", "Channel Name string"]);
        (await RowsAsync("SELECT id, \"Channel Name\" FROM log ORDER BY id")).ShouldBe(["1|NULL", "2|web"]);
        (await CommitAsync(Stored("log"), 2)).ShouldContain(a => a.Metadata != null);
    }

    [Fact]
    public async Task BuildAsync_IncrementalMergeWithNewColumn_RewritesMatchedRowsWithNulls()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)");
        var model = Model("dim", "select id, name from customers", Materialization.Incremental, uniqueKey: ["id"]);
        await BuildAsync(model);
        await ExecuteAsync("INSERT INTO customers VALUES (3, 'c')");

        await BuildAsync(Model(
            "dim", "select id, name, id * 10 as score from customers where id >= 2", Materialization.Incremental, uniqueKey: ["id"]));

        (await DeltaColumnsAsync(model)).ShouldBe(["id integer", "name string", "score integer"]);
        (await RowsAsync("SELECT * FROM dim ORDER BY id")).ShouldBe(["1|a|NULL", "2|b|20", "3|c|30"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalWidensAType_EvolvesAndReadsOldAndNewFiles()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT 1::BIGINT AS id");
        await BuildAsync(Model("log", "select id::INTEGER as id from events", Materialization.Incremental, cursor: "id"));
        await ExecuteAsync("INSERT INTO events VALUES (5000000000)");

        var result = await BuildAsync(Model("log", "select id from events", Materialization.Incremental, cursor: "id"));

        result.Action.ShouldBe("appended 1 row (Delta version 2); schema: id integer→long");
        (await RowsAsync("SELECT id FROM log ORDER BY id")).ShouldBe(["1", "5000000000"]);
        (await RowsAsync("SELECT typeof(id) FROM log LIMIT 1")).ShouldBe(["BIGINT"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalDropsAColumn_FailsAndKeepsTheVersion()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT 1 AS id, 'x' AS note");
        await BuildAsync(Model("log", "select id, note from events", Materialization.Incremental, cursor: "id"));
        await ExecuteAsync("INSERT INTO events VALUES (2, 'y')");

        var exception = await Should.ThrowAsync<AssetBuildException>(
            () => BuildAsync(Model("log", "select id from events", Materialization.Incremental, cursor: "id")));

        exception.Message.ShouldContain("column \"note\" would be dropped (or renamed)");
        (await LatestVersionAsync(Stored("log"))).ShouldBe(1);
        (await RowsAsync("SELECT id, note FROM log")).ShouldBe(["1|x"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalAddsAColumnWithoutNewRows_KeepsTheTableReadable()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT 1 AS id");
        await BuildAsync(Model("log", "select id from events", Materialization.Incremental, cursor: "id"));

        var result = await BuildAsync(Model("log", "select id, 'web' as channel from events", Materialization.Incremental, cursor: "id"));

        result.Action.ShouldBe("appended 0 rows (Delta version 2); schema: +channel string");
        (await RowsAsync("SELECT id, channel FROM log")).ShouldBe(["1|NULL"]);
    }

    [Fact]
    public async Task BuildAsync_PartitionedIncrementalAddsAColumn_ReadsOlderPartitionsWithNulls()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT 1 AS id, 'eu' AS region");
        await BuildAsync(Model("log", "select id, region from events", Materialization.Incremental, cursor: "id", partitionBy: ["region"]));
        await ExecuteAsync("INSERT INTO events VALUES (2, 'us')");

        await BuildAsync(Model(
            "log", "select id, region, id * 10 as score from events", Materialization.Incremental, cursor: "id", partitionBy: ["region"]));

        (await RowsAsync("SELECT id, region, score FROM log ORDER BY id")).ShouldBe(["1|eu|NULL", "2|us|20"]);
    }
}
