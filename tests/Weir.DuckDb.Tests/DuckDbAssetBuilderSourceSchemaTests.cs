using Weir.Diagnostics;
using Weir.DuckDb.Ingest;
using Weir.Project;
using Weir.Runs;

namespace Weir.DuckDb.Tests;

/// <summary>
/// A CSV source loaded twice, the second time with different columns, under each <c>on_schema_change</c> policy: the
/// lake table's schema and rows after each load, and that a refused change commits nothing.
/// </summary>
public sealed class DuckDbAssetBuilderSourceSchemaTests : LakeBuilderContext
{
    [Fact]
    public async Task BuildAsync_NewColumnUnderEvolve_AddsItWithNullInOlderRowsAndRecordsTheChange()
    {
        var source = Csv(SchemaChangePolicy.Evolve, incremental: true);
        WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        WriteFile("data/b.csv", "id,amount,channel\n2,20,web\n");

        var result = await BuildAsync(source);

        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "amount long", "channel string"]);
        (await RowsAsync("SELECT id, amount, channel FROM raw_orders ORDER BY id")).ShouldBe(["1|10|NULL", "2|20|web"]);
        result.Action.ShouldBe("loaded 1 row from 1 new file; schema: +channel string");
        var change = result.SchemaChanges.ShouldHaveSingleItem();
        (change.Asset, change.Version, change.Kind, change.Column, change.OldType, change.NewType)
            .ShouldBe(("raw_orders", 2L, SchemaChangeKind.Added, "channel", (string?)null, (string?)"string"));
        var commit = (await Log(source).GetHistoryAsync(1, Token))[0];
        commit.OperationParameters[SourceSchemaPlan.ChangesParameter]
            .ShouldBe("""[{"change":"added","column":"channel","oldType":null,"newType":"string"}]""");
    }

    [Fact]
    public async Task BuildAsync_NewColumnUnderIgnore_LeavesItOutOfTheTable()
    {
        var source = Csv(SchemaChangePolicy.Ignore);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,amount,channel\n2,20,web\n");

        var result = await BuildAsync(source);

        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "amount long"]);
        (await RowsAsync("SELECT * FROM raw_orders")).ShouldBe(["2|20"]);
        result.SchemaChanges.ShouldHaveSingleItem().Kind.ShouldBe(SchemaChangeKind.Ignored);
    }

    [Fact]
    public async Task BuildAsync_NewColumnUnderFail_FailsNamingItAndCommitsNothing()
    {
        var source = Csv(SchemaChangePolicy.Fail);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,amount,channel\n2,20,web\n");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): the data's columns differ from the table's (new column \"channel\" string) " +
            "and on_schema_change is fail; nothing was loaded. Fix the source, or set on_schema_change: evolve (adds new columns, " +
            "widens types) or ignore (keeps the table's columns)");
        (await LatestVersionAsync(source)).ShouldBe(1);
        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "amount long"]);
        (await RowsAsync("SELECT * FROM raw_orders")).ShouldBe(["1|10"]);
    }

    [Theory]
    [InlineData(SchemaChangePolicy.Evolve)]
    [InlineData(SchemaChangePolicy.Ignore)]
    public async Task BuildAsync_MissingColumnUnderEvolveOrIgnore_KeepsItFilledWithNull(SchemaChangePolicy policy)
    {
        var source = Csv(policy);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id\n2\n");

        var result = await BuildAsync(source);

        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "amount long"]);
        (await RowsAsync("SELECT id, amount FROM raw_orders")).ShouldBe(["2|NULL"]);
        var change = result.SchemaChanges.ShouldHaveSingleItem();
        (change.Kind, change.Column, change.OldType).ShouldBe((SchemaChangeKind.Missing, "amount", (string?)"long"));
        result.Action.ShouldEndWith("; schema: amount missing (NULL)");
    }

    [Fact]
    public async Task BuildAsync_MissingColumnUnderFail_FailsAndCommitsNothing()
    {
        var source = Csv(SchemaChangePolicy.Fail);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id\n2\n");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("(column \"amount\" is missing) and on_schema_change is fail; nothing was loaded");
        (await LatestVersionAsync(source)).ShouldBe(1);
        (await RowsAsync("SELECT id, amount FROM raw_orders")).ShouldBe(["1|10"]);
    }

    [Fact]
    public async Task BuildAsync_WidenedTypeUnderEvolve_WidensTheColumn()
    {
        var source = Csv(SchemaChangePolicy.Evolve);
        var path = WriteFile("data/a.csv", "id,ordered_at\n1,2026-01-01\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,ordered_at\n2,2026-01-02 10:30:00\n");

        var result = await BuildAsync(source);

        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "ordered_at timestamp_ntz"]);
        (await RowsAsync("SELECT id, ordered_at FROM raw_orders")).ShouldBe(["2|2026-01-02 10:30:00"]);
        result.SchemaChanges.ShouldHaveSingleItem().ToString().ShouldBe("ordered_at date→timestamp_ntz");
    }

    [Fact]
    public async Task BuildAsync_WidenedTypeUnderIgnore_CastsToTheStoredType()
    {
        var source = Csv(SchemaChangePolicy.Ignore);
        var path = WriteFile("data/a.csv", "id,ordered_at\n1,2026-01-01\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,ordered_at\n2,2026-01-02 10:30:00\n");

        var result = await BuildAsync(source);

        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "ordered_at date"]);
        (await RowsAsync("SELECT id, ordered_at FROM raw_orders")).ShouldBe(["2|2026-01-02"]);
        result.SchemaChanges.ShouldHaveSingleItem().Kind.ShouldBe(SchemaChangeKind.Cast);
    }

    [Fact]
    public async Task BuildAsync_WidenedTypeUnderFail_FailsAndCommitsNothing()
    {
        var source = Csv(SchemaChangePolicy.Fail);
        var path = WriteFile("data/a.csv", "id,ordered_at\n1,2026-01-01\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,ordered_at\n2,2026-01-02 10:30:00\n");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("column \"ordered_at\" changed type from date to timestamp_ntz");
        (await LatestVersionAsync(source)).ShouldBe(1);
        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "ordered_at date"]);
    }

    [Fact]
    public async Task BuildAsync_IncompatibleTypeUnderEvolve_FailsNamingColumnTypesAndSource()
    {
        var source = Csv(SchemaChangePolicy.Evolve);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,amount\n2,ten\n");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): column \"amount\" changed type from long to string, which does not widen " +
            "without loss; nothing was loaded. Declare its type (columns: - name: amount, type: BIGINT) to cast it, " +
            "or set on_schema_change: ignore to cast it to long");
        (await LatestVersionAsync(source)).ShouldBe(1);
        (await RowsAsync("SELECT * FROM raw_orders")).ShouldBe(["1|10"]);
    }

    [Fact]
    public async Task BuildAsync_IncompatibleTypeUnderIgnoreThatConverts_CastsToTheStoredType()
    {
        var source = Csv(SchemaChangePolicy.Ignore);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,amount\n2,20.0\n");

        var result = await BuildAsync(source);

        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "amount long"]);
        (await RowsAsync("SELECT * FROM raw_orders")).ShouldBe(["2|20"]);
        result.SchemaChanges.ShouldHaveSingleItem().ToString().ShouldBe("amount double cast to long");
    }

    [Fact]
    public async Task BuildAsync_IncompatibleTypeUnderIgnoreThatDoesNotConvert_FailsAndCommitsNothing()
    {
        var source = Csv(SchemaChangePolicy.Ignore);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,amount\n2,ten\n");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldStartWith(
            "source 'raw_orders' (sources/shop.yaml:3:5): on_schema_change: ignore casts \"amount\" (string to the table's long), " +
            "and a value does not convert; nothing was loaded.");
        exception.Message.ShouldNotContain("ten");
        (await LatestVersionAsync(source)).ShouldBe(1);
        (await RowsAsync("SELECT * FROM raw_orders")).ShouldBe(["1|10"]);
    }

    [Fact]
    public async Task BuildAsync_IncompatibleTypeUnderFail_FailsAndCommitsNothing()
    {
        var source = Csv(SchemaChangePolicy.Fail);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,amount\n2,ten\n");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("column \"amount\" changed type from long to string) and on_schema_change is fail");
        (await LatestVersionAsync(source)).ShouldBe(1);
    }

    [Fact]
    public async Task BuildAsync_SameColumns_RecordsNoChange()
    {
        var source = Csv(SchemaChangePolicy.Fail);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,amount\n2,20\n");

        var result = await BuildAsync(source);

        result.SchemaChanges.ShouldBeEmpty();
        result.Action.ShouldBe("loaded 1 row from 1 file");
        (await Log(source).GetHistoryAsync(1, Token))[0].OperationParameters.ShouldNotContainKey(SourceSchemaPlan.ChangesParameter);
    }

    [Fact]
    public async Task BuildAsync_FileLoad_ReportsLoadMetrics()
    {
        var source = Csv(SchemaChangePolicy.Evolve, incremental: true);
        WriteFile("data/a.csv", "id,amount\n1,10\n2,20\n");
        WriteFile("data/b.csv", "id,amount\n3,30\n");

        var first = await BuildAsync(source);
        WriteFile("data/c.csv", "id,amount\n4,40\n");
        var second = await BuildAsync(source);

        var load = first.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined, load.Files, load.DeltaVersion).ShouldBe((3L, 3L, 0L, (int?)2, (long?)1));
        load.BytesRead.ShouldBe(new FileInfo(Path.Combine(Root, "data/a.csv")).Length + new FileInfo(Path.Combine(Root, "data/b.csv")).Length);
        var next = second.Load.ShouldNotBeNull();
        (next.RowsRead, next.Files, next.BytesRead, next.DeltaVersion)
            .ShouldBe((1L, (int?)1, (long?)new FileInfo(Path.Combine(Root, "data/c.csv")).Length, (long?)2));
    }

    [Fact]
    public async Task BuildAsync_DeclaredColumnMissingOnFirstLoad_FailsNamingIt()
    {
        var source = new SourceSpec
        {
            Name = "raw_orders",
            Location = new SourceLocation("sources/shop.yaml", 3, 5),
            Format = SourceFormat.Csv,
            Path = "data/*.csv",
            Columns = [Column("channel", null)],
        };
        WriteFile("data/a.csv", "id,amount\n1,10\n");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("declared column \"channel\" is not in the data read from data/*.csv");
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders")).ShouldBeFalse();
    }

    private static SourceSpec Csv(SchemaChangePolicy policy, bool incremental = false) => new()
    {
        Name = "raw_orders",
        Location = new SourceLocation("sources/shop.yaml", 3, 5),
        Format = SourceFormat.Csv,
        Path = incremental ? "data/*.csv" : "data/a.csv",
        Incremental = incremental,
        OnSchemaChange = policy,
    };
}
