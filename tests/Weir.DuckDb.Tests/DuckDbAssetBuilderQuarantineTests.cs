using Weir.Diagnostics;
using Weir.DuckDb.Tests.Ingest;
using Weir.Project;

namespace Weir.DuckDb.Tests;

/// <summary>Rows failing a source's <c>quarantine: true</c> checks go to <c>&lt;source&gt;__quarantine</c> instead of the table.</summary>
public sealed class DuckDbAssetBuilderQuarantineTests : LakeBuilderContext
{
    private const string OrdersCsv = """
        id,customer,amount,code,status
        1,ann,10,AB-1,new
        2,,5,AB-2,new
        3,bob,-3,AB-3,odd
        4,cy,-1,xx,new
        5,dan,7,AB-5,odd

        """;

    [Fact]
    public async Task BuildAsync_CsvWithQuarantineChecks_MovesExactlyTheFailingRowsWithReasons()
    {
        WriteFile("data/orders.csv", OrdersCsv);
        var source = Orders(SourceFormat.Csv, "data/orders.csv");

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 2 rows from 1 file; quarantined 3 rows (see raw_orders__quarantine)");
        result.Rows.ShouldBe(2);
        // status 'odd' fails accepted_values, which does not quarantine: row 5 stays.
        (await RowsAsync("SELECT id, status FROM raw_orders ORDER BY id")).ShouldBe(["1|new", "5|odd"]);
        (await RowsAsync("SELECT file, line, reason, raw FROM raw_orders__quarantine ORDER BY line")).ShouldBe(
            [
                """data/orders.csv|2|not_null(customer)|{"id":2,"customer":null,"amount":5,"code":"AB-2","status":"new"}""",
                """data/orders.csv|3|range(amount)|{"id":3,"customer":"bob","amount":-3,"code":"AB-3","status":"odd"}""",
                """data/orders.csv|4|range(amount); regex(code)|{"id":4,"customer":"cy","amount":-1,"code":"xx","status":"new"}""",
            ]);
        var commit = (await Log(source).GetHistoryAsync(null, Token)).First(e => e.Operation == "WRITE").OperationParameters;
        (commit["weir.rowsRead"], commit["weir.rowsLoaded"], commit["weir.rowsQuarantined"]).ShouldBe(("5", "2", "3"));
        long.Parse(commit["weir.rowsRead"], System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(long.Parse(commit["weir.rowsLoaded"], System.Globalization.CultureInfo.InvariantCulture)
                + long.Parse(commit["weir.rowsQuarantined"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task BuildAsync_MalformedLineAndFailingCheck_BothQuarantinedAndCounted()
    {
        WriteFile("data/orders.csv", "id,customer,amount,code,status\n1,ann,10,AB-1,new\n2,bob,oops,AB-2,new\n3,cy,-4,AB-3,new\n");
        var source = Orders(SourceFormat.Csv, "data/orders.csv", declared: true);

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 1 row from 1 file; quarantined 2 rows (see raw_orders__quarantine)");
        var reasons = await RowsAsync("SELECT reason FROM raw_orders__quarantine ORDER BY reason");
        reasons.Length.ShouldBe(2);
        reasons.ShouldContain("range(amount)");
        (await RowsAsync("SELECT id FROM raw_orders")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task BuildAsync_SeveralFiles_NamesEachRowsFileAndPositionInIt()
    {
        WriteFile("data/a.csv", "id,customer,amount,code,status\n1,ann,-1,AB-1,new\n2,bob,2,AB-2,new\n");
        WriteFile("data/b.csv", "id,customer,amount,code,status\n3,cy,3,AB-3,new\n4,dan,-4,AB-4,new\n");
        var source = Orders(SourceFormat.Csv, "data/*.csv", incremental: true);

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 2 rows from 2 new files; quarantined 2 rows (see raw_orders__quarantine)");
        (await RowsAsync("SELECT file, line, reason FROM raw_orders__quarantine ORDER BY file")).ShouldBe(
            ["data/a.csv|1|range(amount)", "data/b.csv|2|range(amount)"]);
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["2", "3"]);
    }

    [Fact]
    public async Task BuildAsync_OverMaxBadRows_FailsAndCommitsNothing()
    {
        WriteFile("data/orders.csv", OrdersCsv);
        var source = Orders(SourceFormat.Csv, "data/orders.csv", maxBadRows: new BadRowLimit(2, null));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("3 rows of 5 rows read could not be loaded, over max_bad_rows (2 rows); nothing was loaded");
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders")).ShouldBeFalse();
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders__quarantine")).ShouldBeFalse();
    }

    [Fact]
    public async Task BuildAsync_RatioLimitNotExceeded_Loads()
    {
        WriteFile("data/orders.csv", OrdersCsv);

        var result = await BuildAsync(Orders(SourceFormat.Csv, "data/orders.csv", maxBadRows: new BadRowLimit(null, 0.6)));

        result.Rows.ShouldBe(2);
    }

    [Fact]
    public async Task BuildAsync_CheckWithWhere_QuarantinesOnlyRowsItKeeps()
    {
        WriteFile("data/orders.csv", OrdersCsv);
        var range = Check("range", "amount", ("min", "0")) is var c ? new CheckSpec(c.Type, c.Column, c.Severity, c.Arguments, c.Location)
        {
            Quarantine = true,
            Where = "status = 'odd'",
        } : null!;
        var source = Orders(SourceFormat.Csv, "data/orders.csv") is var o ? new SourceSpec
        {
            Name = o.Name,
            Location = o.Location,
            Format = o.Format,
            Path = o.Path,
            Columns = [new ColumnSpec("amount", null, null, [range], o.Location)],
        } : null!;

        await BuildAsync(source);

        (await RowsAsync("SELECT line FROM raw_orders__quarantine")).ShouldBe(["3"]);
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["1", "2", "4", "5"]);
    }

    [Fact]
    public async Task BuildAsync_NdjsonWithDeclaredTypes_QuarantinesCastFailuresAndCheckFailures()
    {
        WriteFile("data/orders.ndjson", """
            {"id": 1, "customer": "ann", "amount": 10, "code": "AB-1", "status": "new"}
            {"id": 2, "customer": "bob", "amount": "x", "code": "AB-2", "status": "new"}
            {"id": 3, "customer": "cy", "amount": -2, "code": "AB-3", "status": "new"}

            """);
        var source = Orders(SourceFormat.Ndjson, "data/orders.ndjson", declared: true);

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 1 row from 1 file; quarantined 2 rows (see raw_orders__quarantine)");
        (await RowsAsync("SELECT file, line, reason FROM raw_orders__quarantine ORDER BY line")).ShouldBe(
            ["data/orders.ndjson|2|column \"amount\": \"x\" is not DECIMAL(10,2)", "data/orders.ndjson|3|range(amount)"]);
        (await RowsAsync("SELECT id, amount FROM raw_orders")).ShouldBe(["1|10.00"]);
    }

    [Fact]
    public async Task BuildAsync_NoQuarantineChecks_LoadsEveryRow()
    {
        WriteFile("data/orders.csv", OrdersCsv);
        var source = Orders(SourceFormat.Csv, "data/orders.csv", quarantine: false);

        var result = await BuildAsync(source);

        result.Action.ShouldBe("loaded 5 rows from 1 file");
        (await KindAsync("raw_orders__quarantine")).ShouldBeNull();
    }

    [Fact]
    public async Task BuildAsync_SqliteWithQuarantineChecks_MovesExactlyTheFailingRows()
    {
        var database = SourceDatabase.Sqlite(Path.Combine(Root, "shop.db"));
        await database.ExecuteAsync(
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, amount REAL, code TEXT, status TEXT); " +
            "INSERT INTO orders VALUES (1, 'ann', 10, 'AB-1', 'new'), (2, NULL, 5, 'AB-2', 'new'), (3, 'bob', -3, 'AB-3', 'odd'), " +
            "(4, 'cy', -1, 'xx', 'new'), (5, 'dan', 7, 'AB-5', 'odd');",
            Token);
        var csv = Orders(SourceFormat.Csv, "unused", declared: true);
        var source = new SourceSpec
        {
            Name = csv.Name,
            Location = csv.Location,
            Format = SourceFormat.Sqlite,
            Path = string.Empty,
            Connection = database.ConnectionString,
            Query = "SELECT * FROM orders ORDER BY id",
            Columns = csv.Columns,
        };

        var result = await BuildAsync(source);

        result.Action.ShouldStartWith("loaded 2 rows of 5 rows read from SQLite");
        result.Action.ShouldEndWith("; quarantined 3 rows (see raw_orders__quarantine)");
        (await RowsAsync("SELECT id, amount, status FROM raw_orders ORDER BY id")).ShouldBe(["1|10.00|new", "5|7.00|odd"]);
        (await RowsAsync("SELECT file, line, reason FROM raw_orders__quarantine ORDER BY line")).ShouldBe(
            ["sources/shop.yaml:3|2|not_null(customer)", "sources/shop.yaml:3|3|range(amount)", "sources/shop.yaml:3|4|range(amount); regex(code)"]);
        (await RowsAsync("SELECT raw FROM raw_orders__quarantine WHERE line = 4")).ShouldBe(
            ["""{"id":4,"customer":"cy","amount":-1.0,"code":"xx","status":"new"}"""]);
    }

    [Fact]
    public async Task BuildAsync_SqliteOverMaxBadRows_FailsAndCommitsNothing()
    {
        var database = SourceDatabase.Sqlite(Path.Combine(Root, "shop.db"));
        await database.ExecuteAsync(
            "CREATE TABLE orders (id INTEGER, customer TEXT, amount REAL, code TEXT, status TEXT); " +
            "INSERT INTO orders VALUES (1, 'ann', -1, 'AB-1', 'new'), (2, 'bob', 2, 'AB-2', 'new');",
            Token);
        var csv = Orders(SourceFormat.Csv, "unused");
        var source = new SourceSpec
        {
            Name = csv.Name,
            Location = csv.Location,
            Format = SourceFormat.Sqlite,
            Path = string.Empty,
            Connection = database.ConnectionString,
            Table = "orders",
            Columns = csv.Columns,
            MaxBadRows = new BadRowLimit(null, 0.1),
        };

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("1 row of 2 rows read could not be loaded, over max_bad_rows (10%); nothing was loaded");
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders")).ShouldBeFalse();
        Directory.Exists(Path.Combine(LakeRoot, "raw", "raw_orders__quarantine")).ShouldBeFalse();
    }

    [Fact]
    public async Task BuildAsync_TableLevelExpressionCheck_QuarantinesRowsWhereItIsFalse()
    {
        WriteFile("data/orders.csv", OrdersCsv);
        var expression = new CheckSpec(
            "expression", null, CheckSeverity.Error, new Dictionary<string, object?> { ["sql"] = "id < 5 OR status = 'new'" },
            new SourceLocation("sources/shop.yaml", 7)) { Quarantine = true };
        var source = new SourceSpec
        {
            Name = "raw_orders",
            Location = new SourceLocation("sources/shop.yaml", 3),
            Format = SourceFormat.Csv,
            Path = "data/orders.csv",
            Checks = [expression],
        };

        await BuildAsync(source);

        (await RowsAsync("SELECT line, reason FROM raw_orders__quarantine")).ShouldBe(["5|expression"]);
        (await RowsAsync("SELECT count(*) FROM raw_orders")).ShouldBe(["4"]);
    }

    [Fact]
    public async Task BuildAsync_ParquetWithQuarantineChecks_MovesFailingRowsNamingTheFile()
    {
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        var file = Path.Combine(Root, "data", "orders.parquet").Replace("'", "''", StringComparison.Ordinal);
        await ExecuteAsync(
            "COPY (SELECT * FROM (VALUES (1, 'ann', 10, 'AB-1', 'new'), (2, 'bob', -2, 'AB-2', 'new'), (3, 'cy', 3, 'AB-3', 'new')) " +
            $"v(id, customer, amount, code, status)) TO '{file}' (FORMAT parquet)");

        var result = await BuildAsync(Orders(SourceFormat.Parquet, "data/orders.parquet"));

        result.Action.ShouldBe("loaded 2 rows from 1 file; quarantined 1 row (see raw_orders__quarantine)");
        (await RowsAsync("SELECT file, line, reason FROM raw_orders__quarantine")).ShouldBe(["data/orders.parquet|2|range(amount)"]);
        (await RowsAsync("SELECT id FROM raw_orders ORDER BY id")).ShouldBe(["1", "3"]);
    }

    [Fact]
    public async Task BuildAsync_HttpWithQuarantineChecks_MovesFailingRecords()
    {
        await using var server = new HttpTestServer((_, _) => HttpTestServer.Reply.Json(
            """[{"id":1,"customer":"ann","amount":10,"code":"AB-1","status":"new"},{"id":2,"customer":null,"amount":5,"code":"AB-2","status":"new"}]"""));
        var csv = Orders(SourceFormat.Csv, "unused");
        var source = new SourceSpec
        {
            Name = csv.Name,
            Location = csv.Location,
            Format = SourceFormat.Http,
            Path = string.Empty,
            Columns = csv.Columns,
            Http = new HttpSourceSettings { Url = new Uri(server.Url + "orders") },
        };

        var result = await BuildAsync(source);

        result.Action.ShouldEndWith("; quarantined 1 row (see raw_orders__quarantine)");
        (await RowsAsync("SELECT id FROM raw_orders")).ShouldBe(["1"]);
        (await RowsAsync("SELECT file, line, reason FROM raw_orders__quarantine")).ShouldBe([$"{server.Url}orders|2|not_null(customer)"]);
    }

    private static SourceSpec Orders(
        SourceFormat format, string path, bool declared = false, bool incremental = false, BadRowLimit? maxBadRows = null, bool quarantine = true)
    {
        var location = new SourceLocation("sources/shop.yaml", 3);
        CheckSpec Q(CheckSpec check) => new(check.Type, check.Column, check.Severity, check.Arguments, check.Location) { Quarantine = quarantine };
        return new SourceSpec
        {
            Name = "raw_orders",
            Location = location,
            Format = format,
            Path = path,
            Incremental = incremental,
            MaxBadRows = maxBadRows,
            Columns =
            [
                new ColumnSpec("customer", null, null, [Q(Check("not_null", "customer"))], location),
                new ColumnSpec("amount", declared ? "DECIMAL(10,2)" : null, null, [Q(Check("range", "amount", ("min", "0")))], location),
                new ColumnSpec("code", null, null, [Q(Check("regex", "code", ("pattern", "^AB-[0-9]+$")))], location),
                new ColumnSpec("status", null, null, [Check("accepted_values", "status", ("values", new List<object?> { "new" }))], location),
            ],
        };
    }

    private static CheckSpec Check(string type, string column, params (string Key, object? Value)[] arguments) =>
        new(type, column, CheckSeverity.Error, arguments.ToDictionary(a => a.Key, a => a.Value), new SourceLocation("sources/shop.yaml", 9));
}
