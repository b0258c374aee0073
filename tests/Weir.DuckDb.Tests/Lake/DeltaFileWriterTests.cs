using System.Text.Json;
using Weir.DuckDb.Lake;

namespace Weir.DuckDb.Tests.Lake;

public sealed class DeltaFileWriterTests : LakeTestContext
{
    private const string PartitionedRows = """
        SELECT * FROM (VALUES
            (1, 'a/b', 1), (2, 'a/b', 1), (3, 'a/b', NULL), (4, 'x y', 2), (5, '50%', 2), (6, NULL, 3), (7, 'é=ü', 3))
            AS v(id, p1, p2)
        """;

    [Fact]
    public async Task WriteAsync_Unpartitioned_WritesZstdFilesInTheTableFolder()
    {
        var writer = new DeltaFileWriter(Time);

        var result = await writer.WriteAsync(
            Session, "SELECT i AS id, 'n' || i AS name FROM range(1000) r(i)", Folder, cancellationToken: Token);

        result.RowCount.ShouldBe(1000);
        var add = result.Adds.ShouldHaveSingleItem();
        add.Path.ShouldStartWith("part-");
        add.Path.ShouldEndWith(".parquet");
        add.Path.ShouldNotContain("/");
        add.PartitionValues.ShouldBeEmpty();
        add.DataChange.ShouldBeTrue();
        add.ModificationTime.ShouldBe(Start.ToUnixTimeMilliseconds());
        var file = Path.Combine(Folder, add.Path);
        add.Size.ShouldBe(new FileInfo(file).Length);
        result.BytesWritten.ShouldBe(add.Size);
        (await RowsAsync($"SELECT DISTINCT compression FROM parquet_metadata('{file}')")).ShouldBe(["ZSTD"]);
        (await RowsAsync($"SELECT count(*), sum(id) FROM read_parquet('{file}')")).ShouldBe(["1000|499500"]);
    }

    [Fact]
    public async Task WriteAsync_WithoutPreservingOrder_WritesEveryRowAndRestoresTheSessionSetting()
    {
        var writer = new DeltaFileWriter(Time);
        var options = new DeltaWriteOptions { PreserveOrder = false };

        var result = await writer.WriteAsync(Session, "SELECT i AS id FROM range(300000) r(i)", Folder, options, Token);

        result.RowCount.ShouldBe(300_000);
        var file = Path.Combine(Folder, result.Adds.ShouldHaveSingleItem().Path);
        (await RowsAsync($"SELECT count(*), count(DISTINCT id), sum(id) FROM read_parquet('{file}')")).ShouldBe(["300000|300000|44999850000"]);
        // The setting was the statement's: the session keeps insertion order afterwards, as DuckDB's default.
        (await RowsAsync("SELECT current_setting('preserve_insertion_order')::VARCHAR")).ShouldBe(["true"]);
    }

    [Fact]
    public async Task WriteAsync_PartitionedByTwoColumns_EncodesFoldersAndKeepsRawValues()
    {
        var writer = new DeltaFileWriter(Time);

        var options = new DeltaWriteOptions { PartitionColumns = ["p1", "p2"] };

        var result = await writer.WriteAsync(Session, PartitionedRows, Folder, options, Token);

        result.PartitionColumns.ShouldBe(["p1", "p2"]);
        result.Adds.Count.ShouldBe(6);
        var byValues = result.Adds.ToDictionary(a => $"{a.PartitionValues["p1"] ?? "NULL"}|{a.PartitionValues["p2"] ?? "NULL"}");
        byValues.Keys.Order(StringComparer.Ordinal).ShouldBe(["50%|2", "NULL|3", "a/b|1", "a/b|NULL", "x y|2", "é=ü|3"]);
        byValues["a/b|1"].Path.ShouldStartWith("p1=a%252Fb/p2=1/part-");
        byValues["a/b|NULL"].Path.ShouldStartWith("p1=a%252Fb/p2=__HIVE_DEFAULT_PARTITION__/part-");
        byValues["x y|2"].Path.ShouldStartWith("p1=x%2520y/p2=2/part-");
        byValues["50%|2"].Path.ShouldStartWith("p1=50%2525/p2=2/part-");
        byValues["NULL|3"].Path.ShouldStartWith("p1=__HIVE_DEFAULT_PARTITION__/p2=3/part-");
        byValues["é=ü|3"].Path.ShouldStartWith("p1=%25C3%25A9%253D%25C3%25BC/p2=3/part-");
        foreach (var add in result.Adds)
        {
            var file = Path.Combine(Folder, Uri.UnescapeDataString(add.Path));
            File.Exists(file).ShouldBeTrue(add.Path);
            (await RowsAsync($"SELECT name FROM parquet_schema('{file}') WHERE name <> 'duckdb_schema'")).ShouldBe(["id"]);
        }

        Stats(byValues["a/b|1"]).GetProperty("numRecords").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task WriteAsync_TypedColumns_WritesStatsOfTheRightJsonTypes()
    {
        var writer = new DeltaFileWriter(Time);
        const string select = """
            SELECT i::INTEGER AS i, (i * 1.25)::DECIMAL(10,2) AS amount, DATE '2024-01-01' + i::INTEGER AS day,
                   TIMESTAMP '2024-01-01 10:00:00.123456' + i * INTERVAL 1 HOUR AS at,
                   TIMESTAMPTZ '2024-01-01 10:00:00.5+02' AS at_utc, 'name ' || i AS name, NULL::INTEGER AS nothing,
                   i / 2.0 AS ratio, {'a': i, 'b': 'x'} AS s, [i] AS l
            FROM range(1, 4) r(i)
            """;

        var result = await writer.WriteAsync(Session, select, Folder, cancellationToken: Token);

        var stats = Stats(result.Adds.ShouldHaveSingleItem());
        stats.GetProperty("numRecords").GetInt64().ShouldBe(3);
        var min = stats.GetProperty("minValues");
        var max = stats.GetProperty("maxValues");
        var nulls = stats.GetProperty("nullCount");
        min.GetProperty("i").GetRawText().ShouldBe("1");
        max.GetProperty("i").GetRawText().ShouldBe("3");
        min.GetProperty("amount").GetRawText().ShouldBe("1.25");
        max.GetProperty("amount").GetRawText().ShouldBe("3.75");
        min.GetProperty("day").GetString().ShouldBe("2024-01-02");
        max.GetProperty("at").GetString().ShouldBe("2024-01-01T13:00:00.123");
        min.GetProperty("at_utc").GetString().ShouldBe("2024-01-01T08:00:00.500Z");
        min.GetProperty("name").GetString().ShouldBe("name 1");
        max.GetProperty("ratio").GetDouble().ShouldBe(1.5);
        min.GetProperty("s").GetProperty("a").GetRawText().ShouldBe("1");
        max.GetProperty("s").GetProperty("b").GetString().ShouldBe("x");
        min.TryGetProperty("nothing", out _).ShouldBeFalse();
        min.TryGetProperty("l", out _).ShouldBeFalse();
        nulls.GetProperty("nothing").GetInt64().ShouldBe(3);
        nulls.GetProperty("i").GetInt64().ShouldBe(0);
        nulls.GetProperty("s").GetProperty("a").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task WriteAsync_LongStrings_KeepsBoundsOfAtMost256Characters()
    {
        var writer = new DeltaFileWriter(Time);

        var result = await writer.WriteAsync(
            Session, "SELECT repeat('x', 300) || i AS s, 'short' AS t FROM range(2) r(i)", Folder, cancellationToken: Token);

        var stats = Stats(result.Adds.ShouldHaveSingleItem());
        var min = stats.GetProperty("minValues").GetProperty("s").GetString()!;
        var max = stats.GetProperty("maxValues").GetProperty("s").GetString()!;
        min.Length.ShouldBeLessThanOrEqualTo(256);
        max.Length.ShouldBeLessThanOrEqualTo(256);
        (new string('x', 300) + "0").ShouldStartWith(min);
        string.CompareOrdinal(max, new string('x', 300) + "1").ShouldBeGreaterThan(0);
        stats.GetProperty("maxValues").GetProperty("t").GetString().ShouldBe("short");
    }

    [Fact]
    public async Task WriteAsync_SmallTargetFileSize_RotatesFiles()
    {
        var writer = new DeltaFileWriter(Time);
        var options = new DeltaWriteOptions { TargetFileSize = 64 * 1024 };

        var result = await writer.WriteAsync(Session, "SELECT i, hash(i) AS h FROM range(600000) r(i)", Folder, options, Token);

        result.Adds.Count.ShouldBeGreaterThan(1);
        result.Adds.Select(a => a.Path).Distinct().Count().ShouldBe(result.Adds.Count);
        result.Adds.Sum(a => Stats(a).GetProperty("numRecords").GetInt64()).ShouldBe(600000);
        result.RowCount.ShouldBe(600000);
    }

    [Theory]
    [InlineData(2, "DELTA_BINARY_PACKED")]
    [InlineData(1, "PLAIN")]
    public async Task WriteAsync_ParquetVersion_ChoosesTheEncodings(int version, string idEncoding)
    {
        var writer = new DeltaFileWriter(Time);
        var options = new DeltaWriteOptions { ParquetVersion = version };

        var result = await writer.WriteAsync(Session, "SELECT i AS id, 'v' || (i % 7) AS v FROM range(100000) r(i)", Folder, options, Token);

        var file = SqlText.Literal(Path.Combine(Folder, result.Adds.ShouldHaveSingleItem().Path));
        var encodings = await Session.ScalarAsync($"SELECT string_agg(DISTINCT encodings, ',') FROM parquet_metadata({file}) WHERE path_in_schema = 'id'", Token);
        encodings.ShouldBeOfType<string>().ShouldContain(idEncoding);
        (await Session.ScalarAsync($"SELECT count(*) FROM read_parquet({file})", Token)).ShouldBe(100000L);
    }

    [Fact]
    public async Task WriteAsync_ParquetVersionOtherThanOneOrTwo_Throws()
    {
        var writer = new DeltaFileWriter(Time);

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() =>
            writer.WriteAsync(Session, "SELECT 1 AS id", Folder, new DeltaWriteOptions { ParquetVersion = 3 }, Token));
    }

    [Fact]
    public async Task WriteAsync_NoRows_AddsNothingAndLeavesNoFile()
    {
        var writer = new DeltaFileWriter(Time);

        var result = await writer.WriteAsync(Session, "SELECT 1 AS id WHERE false", Folder, cancellationToken: Token);

        result.Adds.ShouldBeEmpty();
        result.RowCount.ShouldBe(0);
        Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).ShouldBeEmpty();
        result.SchemaString.ShouldBe("""{"type":"struct","fields":[{"name":"id","type":"integer","nullable":true,"metadata":{}}]}""");
    }

    [Fact]
    public async Task WriteAsync_TableSchema_CastsByNameAndFillsMissingColumns()
    {
        var writer = new DeltaFileWriter(Time);
        var schema = DeltaSchemaConverter.FromDuckDbColumns([new("id", "BIGINT"), new("name", "VARCHAR"), new("amount", "DECIMAL(10,2)")]);

        var options = new DeltaWriteOptions { SchemaString = schema };

        var result = await writer.WriteAsync(Session, "SELECT '2.5' AS AMOUNT, 7 AS id", Folder, options, Token);

        result.SchemaString.ShouldBe(schema);
        var file = Path.Combine(Folder, result.Adds.ShouldHaveSingleItem().Path);
        (await RowsAsync($"SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM '{file}')"))
            .ShouldBe(["id BIGINT", "name VARCHAR", "amount DECIMAL(10,2)"]);
        (await RowsAsync($"SELECT * FROM '{file}'")).ShouldBe(["7|NULL|2.50"]);
    }

    [Fact]
    public async Task WriteAsync_ColumnNotInTableSchema_Fails()
    {
        var writer = new DeltaFileWriter(Time);
        var schema = DeltaSchemaConverter.FromDuckDbColumns([new("id", "BIGINT")]);

        var exception = await Should.ThrowAsync<DeltaWriteException>(
            () => writer.WriteAsync(Session, "SELECT 1 AS id, 2 AS extra", Folder, new DeltaWriteOptions { SchemaString = schema }, Token));

        exception.Message.ShouldBe("column 'extra' is not in the table's schema (id)");
    }

    [Fact]
    public async Task WriteAsync_UnknownPartitionColumn_Fails()
    {
        var writer = new DeltaFileWriter(Time);

        var exception = await Should.ThrowAsync<DeltaWriteException>(
            () => writer.WriteAsync(Session, "SELECT 1 AS id, 2 AS v", Folder, new() { PartitionColumns = ["day"] }, Token));

        exception.Message.ShouldBe("partition column 'day' is not a column of the data");
    }

    [Fact]
    public async Task WriteAsync_TypesDeltaLacks_AreCastToTheirDeltaTypes()
    {
        var writer = new DeltaFileWriter(Time);

        var result = await writer.WriteAsync(
            Session,
            """
            SELECT 99999999999999999999999999999999999999::HUGEINT AS big, 7::UTINYINT AS small,
                   '4f8e0ab4-0c8b-4a8a-9c61-7a1c2c4e2f10'::UUID AS id, [1, 2]::INTEGER[2] AS pair
            """,
            Folder,
            cancellationToken: Token);

        var file = Path.Combine(Folder, result.Adds.ShouldHaveSingleItem().Path);
        (await RowsAsync($"SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM '{file}')"))
            .ShouldBe(["big DECIMAL(38,0)", "small SMALLINT", "id VARCHAR", "pair INTEGER[]"]);
        DeltaSchemaConverter.ToDuckDbColumns(result.SchemaString).Select(c => c.ToString())
            .ShouldBe(["big DECIMAL(38,0)", "small SMALLINT", "id VARCHAR", "pair INTEGER[]"]);
        Stats(result.Adds[0]).GetProperty("maxValues").GetProperty("big").GetRawText().ShouldBe("99999999999999999999999999999999999999");
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersToOneFolder_NeverClash()
    {
        var writer = new DeltaFileWriter(Time);
        await using var other = await Engine.OpenSessionAsync(Token);
        var options = new DeltaWriteOptions { PartitionColumns = ["p"] };

        var results = await Task.WhenAll(
            writer.WriteAsync(Session, "SELECT i, i % 2 AS p FROM range(5000) r(i)", Folder, options, Token),
            writer.WriteAsync(other, "SELECT i, i % 2 AS p FROM range(5000) r(i)", Folder, options, Token));

        var adds = results.SelectMany(r => r.Adds).ToList();
        adds.Count.ShouldBe(4);
        adds.Select(a => a.Path).Distinct().Count().ShouldBe(4);
        Directory.GetFiles(Folder, "*.parquet", SearchOption.AllDirectories).Length.ShouldBe(4);
    }

    private static JsonElement Stats(Weir.Lake.Protocol.AddAction add) => JsonDocument.Parse(add.Stats!).RootElement;
}
