using Weir.DuckDb.Lake;
using Weir.Lake;

namespace Weir.DuckDb.Tests.Lake;

public sealed class DeltaTableOperationsTests : LakeTestContext
{
    private DeltaTableOperations Operations => new(Session, Folder, Time);

    [Fact]
    public async Task AppendAsync_Twice_AddsBothBatchesAndCastsToTheTableSchema()
    {
        var first = await Operations.AppendAsync(null, "SELECT i::BIGINT AS id, 'a' AS name FROM range(3) r(i)", cancellationToken: Token);
        var table = Apply(null, first);

        var second = await Operations.AppendAsync(table, "SELECT 'b' AS name, 10::INTEGER AS id", cancellationToken: Token);
        table = Apply(table, second);

        first.Operation.ShouldBe("WRITE");
        second.Removes.ShouldBeEmpty();
        second.SourceRows.ShouldBe(1);
        second.SchemaString.ShouldBe(first.SchemaString);
        (await RowsAsync($"SELECT * FROM ({Scan(table)}) ORDER BY id")).ShouldBe(["0|a", "1|a", "2|a", "10|b"]);
    }

    [Fact]
    public async Task OverwriteAsync_ReplacesEveryLiveFile()
    {
        var table = Apply(null, await Operations.AppendAsync(null, "SELECT i AS id, i % 2 AS p FROM range(10) r(i)", ["p"], Token));

        var result = await Operations.OverwriteAsync(table, "SELECT 100 AS id, 1 AS p", cancellationToken: Token);
        table = Apply(table, result);

        result.Removes.Select(r => r.Path.Split('/')[0]).Order(StringComparer.Ordinal).ShouldBe(["p=0", "p=1"]);
        result.Removes.ShouldAllBe(
            r => r.DataChange && r.ExtendedFileMetadata == true && r.DeletionTimestamp == Start.ToUnixTimeMilliseconds());
        result.DeletedRows.ShouldBe(10);
        result.PartitionColumns.ShouldBe(["p"]);
        (await RowsAsync($"SELECT * FROM ({Scan(table)})")).ShouldBe(["100|1"]);
    }

    [Fact]
    public async Task OverwritePartitionsAsync_RemovesOnlyTheSelectedPartitions()
    {
        var table = Apply(null, await Operations.AppendAsync(null, "SELECT i AS id, i % 3 AS p FROM range(9) r(i)", ["p"], Token));
        var p1 = table.Files.Single(f => f.PartitionValues["p"] == "1");

        var result = await Operations.OverwritePartitionsAsync(table, "SELECT 100 AS id, 1 AS p", DeltaFilter.Equal("p", 1), Token);
        table = Apply(table, result);

        result.Removes.ShouldHaveSingleItem().Path.ShouldBe(p1.Path);
        result.DeletedRows.ShouldBe(3);
        (await RowsAsync($"SELECT p, CAST(list(id ORDER BY id) AS VARCHAR) FROM ({Scan(table)}) GROUP BY p ORDER BY p"))
            .ShouldBe(["0|[0, 3, 6]", "1|[100]", "2|[2, 5, 8]"]);
    }

    [Fact]
    public async Task OverwritePartitionsAsync_RowsOutsideTheSelectedPartitions_FailsAndDeletesWhatItWrote()
    {
        var table = Apply(null, await Operations.AppendAsync(null, "SELECT i AS id, i % 3 AS p FROM range(9) r(i)", ["p"], Token));

        var exception = await Should.ThrowAsync<DeltaWriteException>(
            () => Operations.OverwritePartitionsAsync(
                table, "SELECT 100 AS id, 1 AS p UNION ALL SELECT 101, 2", DeltaFilter.Equal("p", 1), Token));

        exception.Message.ShouldBe("the rows to write include partition (p=2), which 'p Equal 1' does not select");
        Directory.GetFiles(Folder, "*.parquet", SearchOption.AllDirectories).Length.ShouldBe(3);
    }

    [Fact]
    public async Task DeleteWhereAsync_RewritesOnlyFilesHoldingMatchingRows()
    {
        Snapshot? table = null;
        for (var start = 0; start < 30; start += 10)
        {
            table = await AppendAsync(table, $"SELECT i AS id, 'n' || i AS name FROM range({start}, {start + 10}) r(i)");
        }

        var result = await Operations.DeleteWhereAsync(table!, "id % 5 = 0 AND id >= 10", Token);
        var after = Apply(table, result);

        result.Operation.ShouldBe("DELETE");
        result.Removes.Select(r => r.Path).ShouldBe([table!.Files[1].Path, table.Files[2].Path]);
        result.DeletedRows.ShouldBe(4);
        result.CopiedRows.ShouldBe(16);
        after.Files.ShouldContain(table.Files[0]);
        (await CountAsync(Scan(after))).ShouldBe(26);
        (await CountAsync($"SELECT * FROM ({Scan(after)}) WHERE id IN (10, 15, 20, 25)")).ShouldBe(0);
    }

    [Fact]
    public async Task DeleteWhereAsync_ColumnNamedFilename_StillFindsTheFiles()
    {
        var table = await AppendAsync(null, "SELECT i AS id, 'f' || i AS filename FROM range(5) r(i)");

        var result = await Operations.DeleteWhereAsync(table, "filename = 'f3'", Token);

        result.DeletedRows.ShouldBe(1);
        (await RowsAsync($"SELECT string_agg(filename, ',' ORDER BY id) FROM ({Scan(Apply(table, result))})")).ShouldBe(["f0,f1,f2,f4"]);
    }

    [Fact]
    public async Task DeleteWhereAsync_NoMatchingRow_ChangesNothing()
    {
        var table = Apply(null, await Operations.AppendAsync(null, "SELECT i AS id FROM range(5) r(i)", cancellationToken: Token));

        var result = await Operations.DeleteWhereAsync(table, "id > 100", Token);

        result.IsEmpty.ShouldBeTrue();
        result.DeletedRows.ShouldBe(0);
    }

    [Fact]
    public async Task DeleteWhereAsync_OnAPartitionColumn_KeepsPartitionValuesOfTheRewrittenRows()
    {
        var table = Apply(null, await Operations.AppendAsync(null, "SELECT i AS id, i % 2 AS p FROM range(10) r(i)", ["p"], Token));

        var result = await Operations.DeleteWhereAsync(table, "p = 1 AND id > 5", Token);
        table = Apply(table, result);

        result.Removes.ShouldHaveSingleItem().PartitionValues!["p"].ShouldBe("1");
        result.Adds.ShouldHaveSingleItem().PartitionValues["p"].ShouldBe("1");
        (await RowsAsync($"SELECT p, CAST(list(id ORDER BY id) AS VARCHAR) FROM ({Scan(table)}) GROUP BY p ORDER BY p"))
            .ShouldBe(["0|[0, 2, 4, 6, 8]", "1|[1, 3, 5]"]);
    }

    [Fact]
    public async Task MergeAsync_SameMergeTwice_GivesTheSameTable()
    {
        Snapshot? table = null;
        for (var start = 0; start < 30; start += 10)
        {
            table = await AppendAsync(table, $"SELECT i AS id, 'old' AS v FROM range({start}, {start + 10}) r(i)");
        }

        const string source = "SELECT * FROM (VALUES (5, 'new'), (7, 'new'), (40, 'new'), (NULL, 'null key')) AS s(id, v)";
        var first = await Operations.MergeAsync(table!, source, ["id"], Token);
        var once = Apply(table, first);
        var second = await Operations.MergeAsync(once, source, ["id"], Token);
        var twice = Apply(once, second);

        first.Operation.ShouldBe("MERGE");
        first.Removes.ShouldHaveSingleItem().Path.ShouldBe(table!.Files[0].Path);
        first.UpdatedRows.ShouldBe(2);
        first.InsertedRows.ShouldBe(2);
        first.SourceRows.ShouldBe(4);
        first.CopiedRows.ShouldBe(8);
        second.UpdatedRows.ShouldBe(4);
        second.InsertedRows.ShouldBe(0);
        var expected = await RowsAsync($"SELECT * FROM ({Scan(once)}) ORDER BY id NULLS LAST");
        expected.Length.ShouldBe(32);
        expected.ShouldContain("5|new");
        expected.ShouldContain("40|new");
        expected.ShouldContain("6|old");
        expected.ShouldContain("NULL|null key");
        (await RowsAsync($"SELECT * FROM ({Scan(twice)}) ORDER BY id NULLS LAST")).ShouldBe(expected);
    }

    [Fact]
    public async Task MergeAsync_KeysOutsideEveryFilesRange_OnlyAddsTheSourceRows()
    {
        var table = await AppendAsync(null, "SELECT i AS id, 'old' AS v FROM range(10) r(i)");

        var result = await Operations.MergeAsync(table, "SELECT 50 AS id, 'new' AS v", ["id"], Token);

        result.Removes.ShouldBeEmpty();
        result.Adds.ShouldHaveSingleItem();
        result.InsertedRows.ShouldBe(1);
        (await CountAsync(Scan(Apply(table, result)))).ShouldBe(11);
    }

    [Fact]
    public async Task MergeAsync_DuplicateSourceKeys_Fails()
    {
        var table = Apply(null, await Operations.AppendAsync(null, "SELECT 1 AS id, 'old' AS v", cancellationToken: Token));

        var exception = await Should.ThrowAsync<DeltaWriteException>(
            () => Operations.MergeAsync(table, "SELECT 1 AS id, 'a' AS v UNION ALL SELECT 1, 'b'", ["id"], Token));

        exception.Message.ShouldBe("the merge source has 1 key(s) on more than one row; keys (\"id\") must be unique");
        (await CountAsync("SELECT * FROM duckdb_tables() WHERE temporary")).ShouldBe(0);
    }

    [Fact]
    public async Task MergeAsync_OneCandidateFile_CountsTheMatchesFromTheRewrite()
    {
        var table = await AppendAsync(null, "SELECT i * 2 AS id, 'old' AS v FROM range(5) r(i)");

        var result = await Operations.MergeAsync(table, "SELECT * FROM (VALUES (3, 'new'), (4, 'new')) AS s(id, v)", ["id"], Token);

        result.Removes.ShouldHaveSingleItem().Path.ShouldBe(table.Files[0].Path);
        result.UpdatedRows.ShouldBe(1);
        result.DeletedRows.ShouldBe(1);
        result.InsertedRows.ShouldBe(1);
        result.CopiedRows.ShouldBe(4);
        (await RowsAsync($"SELECT * FROM ({Scan(Apply(table, result))}) ORDER BY id"))
            .ShouldBe(["0|old", "2|old", "3|new", "4|new", "6|old", "8|old"]);
    }

    [Fact]
    public async Task MergeAsync_FileWhoseEveryRowMatches_IsReplacedAndOnlyTheOthersAreCopied()
    {
        var table = await AppendAsync(null, "SELECT i AS id, 'old' AS v FROM range(0, 10) r(i)");
        table = await AppendAsync(table, "SELECT i AS id, 'old' AS v FROM range(10, 20) r(i)");

        var result = await Operations.MergeAsync(
            table, "SELECT i AS id, 'new' AS v FROM range(0, 10) r(i) UNION ALL SELECT 15, 'new'", ["id"], Token);

        result.Removes.Select(r => r.Path).ShouldBe(table.Files.Select(f => f.Path));
        result.UpdatedRows.ShouldBe(11);
        result.InsertedRows.ShouldBe(0);
        result.CopiedRows.ShouldBe(9);
        (await RowsAsync($"SELECT v, count(*) FROM ({Scan(Apply(table, result))}) GROUP BY v ORDER BY v")).ShouldBe(["new|11", "old|9"]);
    }

    [Fact]
    public async Task MergeAsync_OneFileWhollyReplaced_CountsEveryRowAsUpdated()
    {
        var table = await AppendAsync(null, "SELECT i AS id, 'old' AS v FROM range(5) r(i)");

        var result = await Operations.MergeAsync(table, "SELECT i AS id, 'new' AS v FROM range(6) r(i)", ["id"], Token);

        result.Removes.ShouldHaveSingleItem().Path.ShouldBe(table.Files[0].Path);
        (result.UpdatedRows, result.InsertedRows, result.CopiedRows).ShouldBe((5, 1, 0));
        (await RowsAsync($"SELECT v, count(*) FROM ({Scan(Apply(table, result))}) GROUP BY v")).ShouldBe(["new|6"]);
    }

    [Fact]
    public async Task MergeAsync_SourceHoldingEveryKeyOfAFilesRange_ReplacesTheFileWithoutCopying()
    {
        var table = await AppendAsync(null, "SELECT i * 2 AS id, 'old' AS v FROM range(5) r(i)");

        var result = await Operations.MergeAsync(
            table, "SELECT i AS id, 'new' AS v FROM range(9) r(i)", ["id"], MergeSourceTraits.UniqueKeys, Token);

        result.Removes.ShouldHaveSingleItem().Path.ShouldBe(table.Files[0].Path);
        (result.UpdatedRows, result.InsertedRows, result.CopiedRows).ShouldBe((5, 4, 0));
        (await RowsAsync($"SELECT v, count(*) FROM ({Scan(Apply(table, result))}) GROUP BY v")).ShouldBe(["new|9"]);
    }

    [Fact]
    public async Task MergeAsync_SourceMissingOneKeyOfTheRange_KeepsThatRow()
    {
        var table = await AppendAsync(null, "SELECT i AS id, 'old' AS v FROM range(10) r(i)");

        var result = await Operations.MergeAsync(
            table, "SELECT i AS id, 'new' AS v FROM range(22) r(i) WHERE i <> 5 AND (i < 10 OR i >= 20)", ["id"], Token);

        (result.UpdatedRows, result.InsertedRows, result.CopiedRows).ShouldBe((9, 2, 1));
        (await RowsAsync($"SELECT * FROM ({Scan(Apply(table, result))}) WHERE v = 'old'")).ShouldBe(["5|old"]);
    }

    [Fact]
    public async Task MergeAsync_FileWithANullKey_KeepsTheNullRow()
    {
        var table = await AppendAsync(null, "SELECT * FROM (VALUES (0, 'old'), (1, 'old'), (NULL, 'old')) AS t(id, v)");

        var result = await Operations.MergeAsync(table, "SELECT * FROM (VALUES (0, 'new'), (1, 'new'), (5, 'new')) AS s(id, v)", ["id"], Token);

        (result.UpdatedRows, result.InsertedRows, result.CopiedRows).ShouldBe((2, 1, 1));
        (await RowsAsync($"SELECT coalesce(CAST(id AS VARCHAR), 'null'), v FROM ({Scan(Apply(table, result))}) ORDER BY id NULLS FIRST"))
            .ShouldBe(["null|old", "0|new", "1|new", "5|new"]);
    }

    [Fact]
    public async Task MergeAsync_RepeatableSource_ReadsItInPlaceWithTheSameResult()
    {
        var table = await AppendAsync(null, "SELECT i AS id, 'old' AS v FROM range(10) r(i)");
        await Session.ExecuteAsync("CREATE TEMP TABLE stage AS SELECT * FROM (VALUES (3, 'new'), (12, 'new')) AS s(id, v)", Token);

        var copied = await Operations.MergeAsync(table, "SELECT * FROM stage", ["id"], Token);
        var inPlace = await Operations.MergeAsync(table, "SELECT * FROM stage", ["id"], MergeSourceTraits.Repeatable, Token);

        (inPlace.UpdatedRows, inPlace.InsertedRows, inPlace.CopiedRows, inPlace.Removes.Count)
            .ShouldBe((copied.UpdatedRows, copied.InsertedRows, copied.CopiedRows, copied.Removes.Count));
        (await RowsAsync($"SELECT * FROM ({Scan(Apply(table, inPlace))}) ORDER BY id"))
            .ShouldBe(await RowsAsync($"SELECT * FROM ({Scan(Apply(table, copied))}) ORDER BY id"));
        (await CountAsync("SELECT * FROM duckdb_tables() WHERE temporary")).ShouldBe(1);
    }

    [Fact]
    public async Task MergeAsync_UniqueKeysTrait_TrustsTheCallerAndSkipsTheDuplicateCheck()
    {
        var table = Apply(null, await Operations.AppendAsync(null, "SELECT 1 AS id, 'old' AS v", cancellationToken: Token));

        var result = await Operations.MergeAsync(
            table, "SELECT 2 AS id, 'a' AS v UNION ALL SELECT 2, 'b'", ["id"], MergeSourceTraits.UniqueKeys, Token);

        result.SourceRows.ShouldBe(2);
    }

    [Theory]
    [InlineData("SELECT NULL::INTEGER AS id, 1 AS line, 'a' AS v UNION ALL SELECT NULL, 2, 'b'", "id", "1 key(s)")]
    [InlineData("SELECT NULL::INTEGER AS id, 1 AS line, 'a' AS v UNION ALL SELECT 7, 2, 'b'", "id", null)]
    [InlineData("SELECT 1 AS id, NULL::INTEGER AS line, 'a' AS v UNION ALL SELECT 1, NULL, 'b' UNION ALL SELECT 2, 2, 'c'", "id,line", "1 key(s)")]
    [InlineData("SELECT 1 AS id, 1 AS line, 'a' AS v UNION ALL SELECT 1, 2, 'b'", "id,line", null)]
    public async Task MergeAsync_RepeatedKeys_FailLikeGroupBy(string source, string keys, string? error)
    {
        var table = Apply(null, await Operations.AppendAsync(null, "SELECT 1 AS id, 1 AS line, 'old' AS v", cancellationToken: Token));

        var merge = () => Operations.MergeAsync(table, source, keys.Split(','), Token);

        if (error is null)
        {
            (await merge()).SourceRows.ShouldBe(2);
        }
        else
        {
            (await Should.ThrowAsync<DeltaWriteException>(merge)).Message.ShouldStartWith("the merge source has " + error);
        }
    }

    [Fact]
    public async Task OptimizeAsync_SmallFiles_CompactsEachPartitionKeepingTheRows()
    {
        Snapshot? table = null;
        for (var start = 0; start < 40; start += 10)
        {
            table = await AppendAsync(table, $"SELECT i AS id, i % 2 AS p FROM range({start}, {start + 10}) r(i)", ["p"]);
        }

        var before = await RowsAsync($"SELECT * FROM ({Scan(table!)}) ORDER BY id");
        var result = await Operations.OptimizeAsync(table!, 1024 * 1024, Token);
        var after = Apply(table, result);

        table!.Files.Count.ShouldBe(8);
        result.Operation.ShouldBe("OPTIMIZE");
        result.Removes.Count.ShouldBe(8);
        result.Adds.Count.ShouldBe(2);
        result.Adds.ShouldAllBe(a => !a.DataChange);
        result.Removes.ShouldAllBe(r => !r.DataChange);
        after.Files.Count.ShouldBe(2);
        (await RowsAsync($"SELECT * FROM ({Scan(after)}) ORDER BY id")).ShouldBe(before);
        (await Operations.OptimizeAsync(after, 1024 * 1024, Token)).IsEmpty.ShouldBeTrue();
    }

    private string Scan(Snapshot snapshot) => DeltaScanBuilder.Build(snapshot, Folder).Sql;

    private async Task<Snapshot> AppendAsync(Snapshot? table, string select, IReadOnlyList<string>? partitions = null) =>
        Apply(table, await Operations.AppendAsync(table, select, partitions, Token));
}
