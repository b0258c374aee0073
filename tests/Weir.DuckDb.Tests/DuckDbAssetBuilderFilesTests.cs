using System.Globalization;
using System.Text;
using Weir.Diagnostics;
using Weir.DuckDb.Lake;
using Weir.Lake.Log;
using Weir.Project;

namespace Weir.DuckDb.Tests;

public sealed class DuckDbAssetBuilderFilesTests : LakeBuilderContext
{
    [Fact]
    public async Task BuildAsync_ThreeArrivalsOfNewFiles_ReadsEachFileOnce()
    {
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/orders/*.csv", incremental: true);
        WriteFile("data/orders/day1.csv", "id,amount\n1,10\n2,20\n");

        var first = await BuildAsync(source);
        WriteFile("data/orders/day2.csv", "id,amount\n3,30\n");
        WriteFile("data/orders/day3.csv", "id,amount\n4,40\n5,50\n");
        var second = await BuildAsync(source);
        WriteFile("data/orders/day4.csv", "id,amount\n6,60\n");
        var third = await BuildAsync(source);

        first.Action.ShouldBe("loaded 2 rows from 1 new file");
        second.Action.ShouldBe("loaded 3 rows from 2 new files");
        third.Action.ShouldBe("loaded 1 row from 1 new file");
        third.Rows.ShouldBe(6);
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["1", "2", "3", "4", "5", "6"]);
        var history = (await Log(source).GetHistoryAsync(null, Token)).Where(e => e.Operation == "WRITE").ToList();
        history.Select(FilesOf).ShouldBe(
            [
                ["data/orders/day4.csv"],
                ["data/orders/day2.csv", "data/orders/day3.csv"],
                ["data/orders/day1.csv"],
            ]);
        history.Select(e => e.OperationParameters["mode"]).ShouldBe(["Append", "Append", "Overwrite"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalWithoutNewFiles_CommitsNothingAndKeepsTheView()
    {
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/*.csv", incremental: true);
        WriteFile("data/a.csv", "id\n1\n2\n");
        await BuildAsync(source);
        var version = await LatestVersionAsync(source);

        var again = await BuildAsync(source);

        again.Action.ShouldBe("no new files (1 file already loaded)");
        again.Rows.ShouldBe(2);
        (await LatestVersionAsync(source)).ShouldBe(version);
        (await RowsAsync("SELECT count(*) FROM raw_orders")).ShouldBe(["2"]);
    }

    [Fact]
    public async Task BuildAsync_FullRefreshThenIncremental_ReadsOnlyFilesArrivedSince()
    {
        WriteFile("data/a.csv", "id\n1\n");
        await BuildAsync(FileSource("raw_orders", SourceFormat.Csv, "data/*.csv"));
        WriteFile("data/b.csv", "id\n2\n");

        var result = await BuildAsync(FileSource("raw_orders", SourceFormat.Csv, "data/*.csv", incremental: true));

        result.Action.ShouldBe("loaded 1 row from 1 new file");
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalOverTableWithoutRecordedFiles_ReloadsAllFilesInsteadOfAppending()
    {
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/*.csv", incremental: true);
        WriteFile("data/a.csv", "id\n1\n");
        await using (var session = await Engine.OpenSessionAsync(Token))
        {
            await Lake.WriteAsync(session, source, "SELECT 1 AS id", LakeWriteMode.Overwrite, cancellationToken: Token);
        }

        WriteFile("data/b.csv", "id\n2\n");

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 2 rows from 2 new files; schema: id integer→long");
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["1", "2"]);
        (await Log(source).GetHistoryAsync(1, Token))[0].OperationParameters["mode"].ShouldBe("Overwrite");
    }

    /// <summary>A file is known by path, size and modification time: rewritten, it is new and all its rows are appended again.</summary>
    [Fact]
    public async Task BuildAsync_IngestedFileChanged_IsReadAgainAsNew()
    {
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/*.csv", incremental: true);
        var path = WriteFile("data/a.csv", "id\n1\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await BuildAsync(source);

        File.WriteAllText(path, "id\n1\n2\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 2 rows from 1 new file");
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["1", "1", "2"]);
    }

    [Fact]
    public async Task BuildAsync_OnePercentMalformedCsv_LoadsTheRestAndQuarantinesExactlyTheBadLines()
    {
        var (content, badLines) = MalformedCsv(rows: 1000, everyNth: 100);
        WriteFile("data/orders.csv", content);
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/orders.csv", columns: [Column("amount", "INTEGER")],
            maxBadRows: new BadRowLimit(null, 0.01));

        var result = await BuildAsync(source);

        result.Rows.ShouldBe(990);
        result.Action.ShouldBe("loaded 990 rows from 1 file; quarantined 10 rows (see raw_orders__quarantine)");
        (await RowsAsync("SELECT count(*) FROM raw_orders")).ShouldBe(["990"]);
        (await RowsAsync("SELECT line FROM raw_orders__quarantine ORDER BY line")).ShouldBe(badLines.Select(Text).ToArray());
        (await RowsAsync("SELECT DISTINCT file FROM raw_orders__quarantine")).ShouldBe(["data/orders.csv"]);
        var reasons = await RowsAsync("SELECT line, raw, reason FROM raw_orders__quarantine ORDER BY line");
        reasons[0].ShouldStartWith("101|100,customer-100|Expected Number of Columns: 3 Found: 2");
        reasons[1].ShouldStartWith("201|200,abc,customer-200|");
        reasons[1].ShouldContain("\"amount\"");
        (await KindAsync("raw_orders__quarantine")).ShouldBe("VIEW");
        var commit = (await Log(source).GetHistoryAsync(1, Token))[0].OperationParameters;
        var read = long.Parse(commit["weir.rowsRead"], CultureInfo.InvariantCulture);
        read.ShouldBe(1000);
        read.ShouldBe(long.Parse(commit["weir.rowsLoaded"], CultureInfo.InvariantCulture) + long.Parse(commit["weir.rowsQuarantined"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task BuildAsync_BadRowsOverMaxBadRows_FailsAndCommitsNothing()
    {
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/*.csv", columns: [Column("amount", "INTEGER")],
            incremental: true, maxBadRows: new BadRowLimit(null, 0.005));
        WriteFile("data/a.csv", "id,amount,customer\n1,10,x\n");
        await BuildAsync(source);
        var version = await LatestVersionAsync(source);
        WriteFile("data/b.csv", MalformedCsv(rows: 1000, everyNth: 100).Content);

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): 10 rows of 1,000 rows read could not be loaded, over max_bad_rows (0.5%); nothing was loaded");
        exception.Message.ShouldNotContain("abc");
        (await LatestVersionAsync(source)).ShouldBe(version);
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders__quarantine")).ShouldBeFalse();
        (await BuildAsync(FileSource("raw_orders", SourceFormat.Csv, "data/*.csv", columns: [Column("amount", "INTEGER")], incremental: true)))
            .Action.ShouldBe("loaded 990 rows from 1 new file; quarantined 10 rows (see raw_orders__quarantine)");
    }

    [Fact]
    public async Task BuildAsync_CsvWithoutDeclaredTypes_WritesStraightFromTheScanAndQuarantinesRejectedLines()
    {
        // No declared types and no quarantine checks: one COPY from the CSV scan to the lake, rejects counted before the commit.
        WriteFile("data/orders.csv", ShortLinesCsv(rows: 1000, everyNth: 100));
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/orders.csv", maxBadRows: new BadRowLimit(null, 0.01));

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 990 rows from 1 file; quarantined 10 rows (see raw_orders__quarantine)");
        var load = result.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined).ShouldBe((1000, 990, 10));
        (await RowsAsync("SELECT count(*), sum(id) FROM raw_orders")).ShouldBe([Text(990) + "|" + Text((1000 * 1001 / 2) - (100 * 55))]);
        (await RowsAsync("SELECT min(line), max(line), count(*) FROM raw_orders__quarantine")).ShouldBe(["101|1001|10"]);
        var commit = (await Log(source).GetHistoryAsync(1, Token))[0].OperationParameters;
        (commit["weir.rowsRead"], commit["weir.rowsLoaded"], commit["weir.rowsQuarantined"]).ShouldBe(("1000", "990", "10"));
    }

    [Fact]
    public async Task BuildAsync_FirstLoadOverMaxBadRows_LeavesNoTableBehind()
    {
        // The limit is checked after the direct COPY wrote its files and before anything is committed: the table is not
        // even created (an empty version 0 would count as a load that happened).
        WriteFile("data/orders.csv", ShortLinesCsv(rows: 100, everyNth: 10));
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/orders.csv", maxBadRows: new BadRowLimit(5, null));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("10 rows of 100 rows read could not be loaded, over max_bad_rows (5 rows)");
        (await Log(source).ExistsAsync(Token)).ShouldBeFalse();
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders__quarantine")).ShouldBeFalse();
        Directory.GetFiles(LakeRoot, "*.parquet", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task BuildAsync_CsvWithoutDeclaredTypesOverMaxBadRows_DeletesTheWrittenFilesAndCommitsNothing()
    {
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/*.csv", incremental: true, maxBadRows: new BadRowLimit(5, null));
        WriteFile("data/a.csv", "id,amount,customer\n1,10,x\n");
        await BuildAsync(source);
        var version = await LatestVersionAsync(source);
        var folder = Path.Combine(LakeRoot, "raw", "raw_orders");
        var filesBefore = Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories).Order().ToList();
        WriteFile("data/b.csv", ShortLinesCsv(rows: 1000, everyNth: 100));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): 10 rows of 1,000 rows read could not be loaded, over max_bad_rows (5 rows); nothing was loaded");
        (await LatestVersionAsync(source)).ShouldBe(version);
        Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories).Order().ToList().ShouldBe(filesBefore);
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders__quarantine")).ShouldBeFalse();
    }

    [Fact]
    public async Task BuildAsync_QuarantineOverArrivals_AppendsOnlyTheNewFilesBadLines()
    {
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/*.csv", columns: [Column("amount", "INTEGER")], incremental: true);
        WriteFile("data/a.csv", "id,amount\n1,10\n2,x\n");
        await BuildAsync(source);
        WriteFile("data/b.csv", "id,amount\n3,30\n4\n");

        await BuildAsync(source);

        (await RowsAsync("SELECT file, line, raw FROM raw_orders__quarantine ORDER BY file")).ShouldBe(["data/a.csv|3|2,x", "data/b.csv|3|4"]);
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["1", "3"]);
    }

    /// <summary>
    /// The quarantine commits before the rows, keyed to the load (Delta txn): a load whose rows then fail to commit
    /// leaves its quarantined lines once, however often it is retried.
    /// </summary>
    [Fact]
    public async Task BuildAsync_LoadThatFailsWritingItsRows_CommitsNoQuarantineAndTheFixedRetryQuarantinesOnce()
    {
        var source = FileSource(
            "raw_orders", SourceFormat.Csv, "data/*.csv", columns: [Column("amount", "INTEGER")], incremental: true,
            onSchemaChange: SchemaChangePolicy.Ignore);
        WriteFile("data/a.csv", "id,amount,customer\n1,10,x\n");
        await BuildAsync(source);
        // Line 2 goes to the quarantine; line 3's id is text, which ignore casts to the table's long when the rows are written.
        var b = WriteFile("data/b.csv", "id,amount\n2,abc\nx3,30\n");

        var first = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));
        await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        first.Message.ShouldContain("on_schema_change: ignore casts \"id\" (string to the table's long), and a value does not convert");
        // A load that fails commits nothing: the quarantine is committed only with the rows, just before their commit.
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders__quarantine")).ShouldBeFalse();
        (await RowsAsync("SELECT id FROM raw_orders")).ShouldBe(["1"]);

        File.WriteAllText(b, "id,amount\n2,abc\n3,30\n");
        await BuildAsync(source);

        (await RowsAsync("SELECT file, line FROM raw_orders__quarantine")).ShouldBe(["data/b.csv|2"]);
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["1", "3"]);
    }

    [Fact]
    public async Task BuildAsync_FullRefreshWithoutBadLines_EmptiesTheQuarantine()
    {
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/a.csv", columns: [Column("amount", "INTEGER")]);
        var path = WriteFile("data/a.csv", "id,amount\n1,10\n2,x\n");
        await BuildAsync(source);
        File.WriteAllText(path, "id,amount\n1,10\n2,20\n");

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 2 rows from 1 file");
        (await RowsAsync("SELECT count(*) FROM raw_orders__quarantine")).ShouldBe(["0"]);
    }

    [Fact]
    public async Task BuildAsync_GzipCsvAndZstdNdjson_AreReadByExtension()
    {
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        var csv = Engine.QuoteLiteral(Path.Combine(Root, "data", "a.csv.gz"));
        var ndjson = Engine.QuoteLiteral(Path.Combine(Root, "data", "e.ndjson.zst"));
        await ExecuteAsync($"COPY (SELECT range AS id FROM range(5)) TO {csv} (FORMAT csv, HEADER, COMPRESSION gzip)");
        await ExecuteAsync($"COPY (SELECT range AS id, 'e' || range AS name FROM range(3)) TO {ndjson} (FORMAT json, COMPRESSION zstd)");
        var orders = FileSource("raw_orders", SourceFormat.Csv, "data/*.csv.gz", columns: [Column("id", "INTEGER")], incremental: true);
        var events = FileSource("raw_events", SourceFormat.Ndjson, "data/*.ndjson.zst", incremental: true);

        var loadedOrders = await BuildAsync(orders);
        var loadedEvents = await BuildAsync(events);

        loadedOrders.Action.ShouldBe("loaded 5 rows from 1 new file");
        loadedEvents.Action.ShouldBe("loaded 3 rows from 1 new file");
        (await RowsAsync("SELECT sum(id) FROM raw_orders")).ShouldBe(["10"]);
        (await RowsAsync("SELECT name FROM raw_events ORDER BY id")).ShouldBe(["e0", "e1", "e2"]);
    }

    [Fact]
    public async Task BuildAsync_CompressionOption_IsPassedToTheReader()
    {
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        var csv = Engine.QuoteLiteral(Path.Combine(Root, "data", "a.dat"));
        await ExecuteAsync($"COPY (SELECT range AS id FROM range(4)) TO {csv} (FORMAT csv, HEADER, COMPRESSION gzip)");
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/a.dat", options: new Dictionary<string, string> { ["compression"] = "gzip" });

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 4 rows from 1 file");
    }

    [Fact]
    public async Task BuildAsync_NdjsonValueNotOfDeclaredType_QuarantinesTheRowWithItsLine()
    {
        WriteFile("data/events/a.ndjson", "{\"id\": 1, \"amount\": 10}\n{\"id\": 2, \"amount\": 20}\n{\"id\": 3, \"amount\": \"abc\"}\n{\"id\": 4, \"amount\": null}\n");
        WriteFile("data/events/b.ndjson", "{\"id\": 5, \"amount\": \"x1\"}\n{\"id\": 6, \"amount\": 60}\n");
        var source = FileSource("raw_events", SourceFormat.Ndjson, "data/events/*.ndjson", columns: [Column("amount", "INTEGER")], incremental: true);

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 4 rows from 2 new files; quarantined 2 rows (see raw_events__quarantine)");
        (await RowsAsync("SELECT id, amount FROM raw_events ORDER BY id")).ShouldBe(["1|10", "2|20", "4|NULL", "6|60"]);
        (await RowsAsync("SELECT file, line, raw, reason FROM raw_events__quarantine ORDER BY file")).ShouldBe(
            [
                "data/events/a.ndjson|3|{\"id\":3,\"amount\":\"abc\"}|column \"amount\": \"abc\" is not INTEGER",
                "data/events/b.ndjson|1|{\"id\":5,\"amount\":\"x1\"}|column \"amount\": \"x1\" is not INTEGER",
            ]);
        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "amount integer"]);
    }

    [Fact]
    public async Task BuildAsync_JsonDeclaredTypedColumnMissing_NamesColumnAndFile()
    {
        WriteFile("data/a.json", "[{\"id\": 1}]");
        var source = FileSource("raw_a", SourceFormat.Json, "data/a.json", columns: [Column("amount", "INTEGER")]);

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe("source 'raw_a' (sources/shop.yaml:3:5): declared column \"amount\" is not in the data read from data/a.json; its columns are \"id\"");
    }

    [Fact]
    public async Task BuildAsync_UnknownCompression_FailsNamingTheChoices()
    {
        WriteFile("data/a.csv", "id\n1\n");
        var source = FileSource("raw_orders", SourceFormat.Csv, "data/a.csv", options: new Dictionary<string, string> { ["compression"] = "rar" });

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldBe("source 'raw_orders' (sources/shop.yaml:3:5): option 'compression' must be one of auto, gzip, zstd, none, not 'rar'");
    }

    private static string[] FilesOf(CommitEntry entry) =>
        [.. IngestedFile.ParseJson(entry.OperationParameters[DuckDbAssetBuilder.FilesParameter]).Select(f => f.Path).Order(StringComparer.Ordinal)];

    /// <summary>
    /// A CSV of <paramref name="rows"/> rows (id, amount, customer) where every <paramref name="everyNth"/>-th row is bad:
    /// alternately a missing column and a non-numeric amount. Returns the bad rows' line numbers (the header is line 1).
    /// </summary>
    private static (string Content, List<long> BadLines) MalformedCsv(int rows, int everyNth)
    {
        var text = new StringBuilder("id,amount,customer\n");
        var bad = new List<long>();
        for (var i = 1; i <= rows; i++)
        {
            if (i % everyNth == 0)
            {
                bad.Add(i + 1);
                text.Append(bad.Count % 2 == 1
                    ? string.Create(CultureInfo.InvariantCulture, $"{i},customer-{i}\n")
                    : string.Create(CultureInfo.InvariantCulture, $"{i},abc,customer-{i}\n"));
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{i},{i * 10},customer-{i}\n");
            }
        }

        return (text.ToString(), bad);
    }

    /// <summary>A CSV of <paramref name="rows"/> rows whose every <paramref name="everyNth"/>th line lacks a column.</summary>
    private static string ShortLinesCsv(int rows, int everyNth)
    {
        var text = new StringBuilder("id,amount,customer\n");
        for (var i = 1; i <= rows; i++)
        {
            text.Append(i % everyNth == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{i},customer-{i}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{i},{i * 10},customer-{i}\n"));
        }

        return text.ToString();
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static SourceSpec FileSource(
        string name,
        SourceFormat format,
        string path,
        IReadOnlyList<ColumnSpec>? columns = null,
        bool incremental = false,
        BadRowLimit? maxBadRows = null,
        IReadOnlyDictionary<string, string>? options = null,
        SchemaChangePolicy onSchemaChange = SchemaChangePolicy.Evolve) => new()
        {
            OnSchemaChange = onSchemaChange,
            Name = name,
            Location = new SourceLocation("sources/shop.yaml", 3, 5),
            Format = format,
            Path = path,
            Columns = columns ?? [],
            Incremental = incremental,
            MaxBadRows = maxBadRows,
            Options = options ?? new Dictionary<string, string>(),
        };
}
