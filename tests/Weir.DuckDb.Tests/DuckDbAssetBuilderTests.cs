using System.Globalization;
using Weir.Diagnostics;
using Weir.Engine;
using Weir.Graph;
using Weir.Project;

namespace Weir.DuckDb.Tests;

public sealed class DuckDbAssetBuilderTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "weir-tests", Guid.NewGuid().ToString("N"));
    private DuckDbEngine _engine = null!;
    private DuckDbAssetBuilder _builder = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());
        _builder = new DuckDbAssetBuilder(_engine, _root);
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task BuildAsync_CsvSourceWithOptionsOverGlob_LoadsEveryFileByName()
    {
        WriteFile("data/orders/a.csv", "id;Order Date;Amount\n1;03/01/2024;10\n2;04/01/2024;NA\n");
        WriteFile("data/orders/b.csv", "id;Order Date;Amount;Channel\n3;05/01/2024;30;web\n");
        var source = Source("raw_orders", SourceFormat.Csv, "data/orders/*.csv", new Dictionary<string, string>
        {
            ["delimiter"] = ";",
            ["header"] = "true",
            ["date_format"] = "%d/%m/%Y",
            ["null_string"] = "NA",
        });

        var result = await _builder.BuildAsync(Node(source), Token);

        result.Rows.ShouldBe(3);
        result.Action.ShouldBe("loaded 3 rows from 2 files");
        (await TypesAsync("raw_orders")).ShouldBe(["id BIGINT", "Order Date DATE", "Amount BIGINT", "Channel VARCHAR"]);
        (await RowsAsync("SELECT id, \"Order Date\", Amount, Channel FROM raw_orders ORDER BY id")).ShouldBe(
            ["1|2024-01-03|10|NULL", "2|2024-01-04|NULL|NULL", "3|2024-01-05|30|web"]);
    }

    [Fact]
    public async Task BuildAsync_CsvUnknownOption_FailsNamingTheOption()
    {
        WriteFile("data/a.csv", "id\n1\n");
        var source = Source("raw", SourceFormat.Csv, "data/a.csv", new Dictionary<string, string> { ["delim"] = ";" });

        var exception = await Should.ThrowAsync<AssetBuildException>(() => _builder.BuildAsync(Node(source), Token));

        exception.Message.ShouldStartWith("source 'raw' (sources/shop.yaml:3:5): unknown csv option 'delim'; known options: ");
        exception.Message.ShouldContain("delimiter");
    }

    [Fact]
    public async Task BuildAsync_CsvBadBooleanOption_FailsNamingTheOption()
    {
        WriteFile("data/a.csv", "id\n1\n");
        var source = Source("raw", SourceFormat.Csv, "data/a.csv", new Dictionary<string, string> { ["header"] = "maybe" });

        var exception = await Should.ThrowAsync<AssetBuildException>(() => _builder.BuildAsync(Node(source), Token));

        exception.Message.ShouldEndWith("option 'header' must be true or false, not 'maybe'");
    }

    [Fact]
    public async Task BuildAsync_JsonArraySource_LoadsObjects()
    {
        WriteFile("data/customers.json", """[{"id": 1, "Full Name": "Ada"}, {"id": 2, "Full Name": "Grace"}]""");
        var source = Source("customers", SourceFormat.Json, "data/customers.json");

        var result = await _builder.BuildAsync(Node(source), Token);

        result.Action.ShouldBe("loaded 2 rows from 1 file");
        (await RowsAsync("SELECT id, \"Full Name\" FROM customers ORDER BY id")).ShouldBe(["1|Ada", "2|Grace"]);
    }

    [Fact]
    public async Task BuildAsync_NdjsonSourceOverTwoFiles_UnionsByName()
    {
        WriteFile("data/events/1.ndjson", "{\"id\": 1, \"kind\": \"view\"}\n{\"id\": 2, \"kind\": \"click\"}\n");
        WriteFile("data/events/2.ndjson", "{\"kind\": \"buy\", \"id\": 3, \"amount\": 5}\n");
        var source = Source("events", SourceFormat.Ndjson, Path.Combine(_root, "data", "events", "*.ndjson"));

        var result = await _builder.BuildAsync(Node(source), Token);

        result.Rows.ShouldBe(3);
        result.Action.ShouldBe("loaded 3 rows from 2 files");
        (await RowsAsync("SELECT id, kind, amount FROM events ORDER BY id")).ShouldBe(["1|view|NULL", "2|click|NULL", "3|buy|5"]);
    }

    [Fact]
    public async Task BuildAsync_ParquetSource_LoadsRows()
    {
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        var file = Path.Combine(_root, "data", "items.parquet");
        await ExecuteAsync(
            $"COPY (SELECT range AS id, 'item ' || range AS \"Item Name\" FROM range(5)) TO {_engine.QuoteLiteral(file)} (FORMAT parquet)");
        var source = Source("items", SourceFormat.Parquet, "data/items.parquet");

        var result = await _builder.BuildAsync(Node(source), Token);

        result.Rows.ShouldBe(5);
        (await RowsAsync("SELECT \"Item Name\" FROM items WHERE id = 3")).ShouldBe(["item 3"]);
    }

    [Fact]
    public async Task BuildAsync_ParquetSourceWithOption_FailsClearly()
    {
        var source = Source("items", SourceFormat.Parquet, "data/items.parquet", new Dictionary<string, string> { ["header"] = "true" });

        var exception = await Should.ThrowAsync<AssetBuildException>(() => _builder.BuildAsync(Node(source), Token));

        exception.Message.ShouldEndWith("unknown option 'header': parquet sources take no options");
    }

    [Fact]
    public async Task BuildAsync_DeclaredTypes_CastsThoseColumnsInTheDeclaredSpellingAndKeepsOthersInferred()
    {
        WriteFile("data/a.csv", "id,Unit Price,note\n1,2.5,x\n2,3,y\n");
        var source = Source("prices", SourceFormat.Csv, "data/a.csv", columns:
        [
            Column("ID", "VARCHAR"),
            Column("Unit Price", "DECIMAL(10,2)"),
            Column("note", null),
        ]);

        await _builder.BuildAsync(Node(source), Token);

        (await TypesAsync("prices")).ShouldBe(["ID VARCHAR", "Unit Price DECIMAL(10,2)", "note VARCHAR"]);
        (await RowsAsync("SELECT id, \"Unit Price\" FROM prices ORDER BY id")).ShouldBe(["1|2.50", "2|3.00"]);
    }

    [Fact]
    public async Task BuildAsync_CsvValueNotOfDeclaredType_QuarantinesTheLine()
    {
        WriteFile("data/a.csv", "id,Amount\n1,10\n2,secret-value\n3,30\n");
        var source = Source("raw_orders", SourceFormat.Csv, "data/a.csv", columns: [Column("Amount", "INTEGER")]);

        var result = await _builder.BuildAsync(Node(source), Token);

        result.Rows.ShouldBe(2);
        result.Action.ShouldBe("loaded 2 rows from 1 file; quarantined 1 row (see raw_orders__quarantine)");
        (await RowsAsync("SELECT id, Amount FROM raw_orders ORDER BY id")).ShouldBe(["1|10", "3|30"]);
        (await RowsAsync("SELECT file, line, raw FROM raw_orders__quarantine")).ShouldBe(["data/a.csv|3|2,secret-value"]);
    }

    [Fact]
    public async Task BuildAsync_ParquetCastFails_NamesColumnAndTypeWithoutRowValues()
    {
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        await using (var session = await _engine.OpenSessionAsync(Token))
        {
            var file = _engine.QuoteLiteral(Path.Combine(_root, "data", "a.parquet"));
            await session.ExecuteAsync($"COPY (SELECT * FROM (VALUES (1, '10'), (2, 'secret-value')) t(id, Amount)) TO {file} (FORMAT parquet)", Token);
        }

        var source = Source("raw_orders", SourceFormat.Parquet, "data/a.parquet", columns: [Column("Amount", "INTEGER")]);

        var exception = await Should.ThrowAsync<AssetBuildException>(() => _builder.BuildAsync(Node(source), Token));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): a row could not be converted: " +
            "column \"Amount\" to INTEGER (1 row); nothing was loaded");
        exception.AssetName.ShouldBe("raw_orders");
        exception.InnerException.ShouldBeOfType<DuckDB.NET.Data.DuckDBException>();
        (await TableExistsAsync("raw_orders")).ShouldBeFalse();
    }

    [Fact]
    public async Task BuildAsync_DeclaredColumnMissing_NamesColumnAndFile()
    {
        WriteFile("data/a.csv", "id,amount\n1,10\n");
        var source = Source("raw_orders", SourceFormat.Csv, "data/a.csv", columns: [Column("Amount Due", "INTEGER")]);

        var exception = await Should.ThrowAsync<AssetBuildException>(() => _builder.BuildAsync(Node(source), Token));

        exception.Message.ShouldBe(
            "source 'raw_orders' (sources/shop.yaml:3:5): declared column \"Amount Due\" is not in the data read from " +
            "data/a.csv; its columns are \"id\", \"amount\"");
    }

    [Fact]
    public async Task BuildAsync_NoFileMatches_FailsNamingThePath()
    {
        var source = Source("raw", SourceFormat.Csv, "data/none/*.csv");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => _builder.BuildAsync(Node(source), Token));

        exception.Message.ShouldBe("source 'raw' (sources/shop.yaml:3:5): no file matches data/none/*.csv");
    }

    [Fact]
    public async Task BuildAsync_Seed_LoadsCsvWithDeclaredTypes()
    {
        var path = WriteFile("seeds/Country Codes.csv", "code,Name,population\nFR,France,68\nDE,Germany,84\n");
        var seed = new SeedSpec
        {
            Name = "Country Codes",
            Location = new SourceLocation("seeds/Country Codes.csv", 1),
            Path = path,
            Columns = [Column("population", "INTEGER")],
        };

        var result = await _builder.BuildAsync(Node(seed), Token);

        result.Rows.ShouldBe(2);
        result.Action.ShouldBe("loaded 2 rows from 1 file");
        (await TypesAsync("Country Codes")).ShouldBe(["code VARCHAR", "Name VARCHAR", "population INTEGER"]);
    }

    [Fact]
    public async Task BuildAsync_ViewModel_CreatesViewWithoutRowCount()
    {
        await ExecuteAsync("CREATE TABLE src AS SELECT range AS id FROM range(4)");
        var model = Model("evens", "select id from src where id % 2 = 0;\n", Materialization.View);

        var result = await _builder.BuildAsync(Node(model), Token);

        result.Rows.ShouldBeNull();
        result.Action.ShouldBe("created view");
        (await KindAsync("evens")).ShouldBe("VIEW");
        await ExecuteAsync("INSERT INTO src VALUES (10)");
        (await RowsAsync("SELECT count(*) FROM evens")).ShouldBe(["3"]);
    }

    [Fact]
    public async Task BuildAsync_TableModel_CreatesTableAndCountsRows()
    {
        await ExecuteAsync("CREATE TABLE src AS SELECT range AS id FROM range(4)");

        var result = await _builder.BuildAsync(Node(Model("copied", "select id * 10 as id from src")), Token);

        result.Rows.ShouldBe(4);
        result.Action.ShouldBe("created table");
        (await KindAsync("copied")).ShouldBe("TABLE");
        (await RowsAsync("SELECT max(id) FROM copied")).ShouldBe(["30"]);
    }

    [Fact]
    public async Task BuildAsync_TableModelWhereAViewWas_ReplacesTheViewAndBack()
    {
        await _builder.BuildAsync(Node(Model("m", "select 1 as x", Materialization.View)), Token);

        await _builder.BuildAsync(Node(Model("m", "select 2 as x")), Token);
        (await KindAsync("m")).ShouldBe("TABLE");
        await _builder.BuildAsync(Node(Model("m", "select 3 as x", Materialization.View)), Token);

        (await KindAsync("m")).ShouldBe("VIEW");
        (await RowsAsync("SELECT x FROM m")).ShouldBe(["3"]);
    }

    [Fact]
    public async Task BuildAsync_ModelWithUnknownColumn_ReportsModelFileLineAndDuckDbMessage()
    {
        await ExecuteAsync("CREATE TABLE src AS SELECT 1 AS id");

        var exception = await Should.ThrowAsync<AssetBuildException>(
            () => _builder.BuildAsync(Node(Model("orders", "select id,\n  nope\nfrom src")), Token));

        exception.Message.ShouldStartWith(
            "model 'orders' (models/orders.sql:2): Binder Error: Referenced column \"nope\" not found in FROM clause!");
        exception.Message.ShouldNotContain("LINE");
        exception.InnerException.ShouldBeOfType<DuckDB.NET.Data.DuckDBException>();
        exception.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public async Task BuildAsync_IncrementalAppend_SecondRunAddsOnlyNewRows()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT range AS id, range * 10 AS ts FROM range(1, 4)");
        var node = Node(Model("all_events", "select id, ts from events", Materialization.Incremental, cursor: "ts"));

        var first = await _builder.BuildAsync(node, Token);
        await ExecuteAsync("INSERT INTO events VALUES (4, 40), (5, 50), (0, 0)");
        var second = await _builder.BuildAsync(node, Token);
        var third = await _builder.BuildAsync(node, Token);

        first.Action.ShouldBe("created table");
        first.Rows.ShouldBe(3);
        second.Action.ShouldBe("appended 2 rows");
        second.Rows.ShouldBe(5);
        third.Action.ShouldBe("appended 0 rows");
        (await RowsAsync("SELECT id FROM all_events ORDER BY id")).ShouldBe(["1", "2", "3", "4", "5"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalAppendWithoutCursor_AppendsEveryRowEachRun()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT range AS id FROM range(2)");
        var node = Node(Model("log", "select id from events", Materialization.Incremental));

        await _builder.BuildAsync(node, Token);
        var second = await _builder.BuildAsync(node, Token);

        second.Action.ShouldBe("appended 2 rows");
        second.Rows.ShouldBe(4);
    }

    [Fact]
    public async Task BuildAsync_IncrementalMergeTwiceOnSameInput_GivesTheSameTable()
    {
        await ExecuteAsync(
            "CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 20)) t(id, name, updated_at)");
        var node = Node(Model(
            "dim_customers", "select * from customers", Materialization.Incremental, uniqueKey: ["id"], cursor: "updated_at"));

        await _builder.BuildAsync(node, Token);
        var afterFirst = await RowsAsync("SELECT * FROM dim_customers ORDER BY id");
        var second = await _builder.BuildAsync(node, Token);
        var afterSecond = await RowsAsync("SELECT * FROM dim_customers ORDER BY id");
        var third = await _builder.BuildAsync(node, Token);
        var afterThird = await RowsAsync("SELECT * FROM dim_customers ORDER BY id");

        afterFirst.ShouldBe(["1|a|10", "2|b|20", "3|c|20"]);
        afterSecond.ShouldBe(afterFirst);
        afterThird.ShouldBe(afterFirst);
        second.Action.ShouldBe("merged 2 rows (2 updated, 0 inserted)");
        second.Rows.ShouldBe(3);
        third.Rows.ShouldBe(3);
    }

    [Fact]
    public async Task BuildAsync_IncrementalMergeRowUpdatedAtPreviousMaximum_IsPickedUp()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20)) t(id, name, updated_at)");
        var node = Node(Model(
            "dim_customers", "select * from customers", Materialization.Incremental, uniqueKey: ["id"], cursor: "updated_at"));
        await _builder.BuildAsync(node, Token);
        await ExecuteAsync("UPDATE customers SET name = 'B' WHERE id = 2");
        await ExecuteAsync("UPDATE customers SET name = 'ignored' WHERE id = 1");
        await ExecuteAsync("INSERT INTO customers VALUES (3, 'c', 20), (4, 'd', 30)");

        var result = await _builder.BuildAsync(node, Token);

        result.Action.ShouldBe("merged 3 rows (1 updated, 2 inserted)");
        result.Rows.ShouldBe(4);
        (await RowsAsync("SELECT * FROM dim_customers ORDER BY id")).ShouldBe(["1|a|10", "2|B|20", "3|c|20", "4|d|30"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalMergeOnTwoColumnKey_ReplacesMatchingRows()
    {
        await ExecuteAsync("CREATE TABLE sales AS SELECT * FROM (VALUES ('eu', 1, 5), ('us', 1, 6)) t(region, day, total)");
        var node = Node(Model("daily", "select * from sales", Materialization.Incremental, uniqueKey: ["region", "day"]));
        await _builder.BuildAsync(node, Token);
        await ExecuteAsync("UPDATE sales SET total = 50 WHERE region = 'eu'");
        await ExecuteAsync("INSERT INTO sales VALUES ('eu', 2, 7)");

        var result = await _builder.BuildAsync(node, Token);

        result.Action.ShouldBe("merged 3 rows (2 updated, 1 inserted)");
        (await RowsAsync("SELECT * FROM daily ORDER BY region, day")).ShouldBe(["eu|1|50", "eu|2|7", "us|1|6"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalMergeDuplicateKeysInBatch_FailsAndLeavesTableUnchanged()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)");
        var node = Node(Model("dim_customers", "select * from customers", Materialization.Incremental, uniqueKey: ["id"]));
        await _builder.BuildAsync(node, Token);
        await ExecuteAsync("INSERT INTO customers VALUES (2, 'again'), (3, 'c')");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => _builder.BuildAsync(node, Token));

        exception.Message.ShouldBe(
            "model 'dim_customers' (models/dim_customers.sql): the new rows hold 1 value of unique key (id) more than once; " +
            "a merge needs each key at most once per run, nothing was merged");
        (await RowsAsync("SELECT * FROM dim_customers ORDER BY id")).ShouldBe(["1|a", "2|b"]);
    }

    [Fact]
    public async Task BuildAsync_IncrementalUnknownUniqueKey_FailsNamingTheKey()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT 1 AS id");
        var node = Node(Model("dim", "select * from customers", Materialization.Incremental, uniqueKey: ["customer_id"]));
        await _builder.BuildAsync(node, Token);

        var exception = await Should.ThrowAsync<AssetBuildException>(() => _builder.BuildAsync(node, Token));

        exception.Message.ShouldEndWith("unique_key column \"customer_id\" is not a column of the model's SELECT");
    }

    [Fact]
    public async Task BuildAsync_IncrementalWithNewColumn_AddsTheColumn()
    {
        await ExecuteAsync("CREATE TABLE events AS SELECT 1 AS id");
        await _builder.BuildAsync(Node(Model("log", "select id from events", Materialization.Incremental, cursor: "id")), Token);
        await ExecuteAsync("INSERT INTO events VALUES (2)");

        var result = await _builder.BuildAsync(
            Node(Model("log", "select id, 'web' as \"Channel Name\" from events", Materialization.Incremental, cursor: "id")), Token);

        result.Action.ShouldBe("appended 1 row; added column \"Channel Name\"");
        (await RowsAsync("SELECT id, \"Channel Name\" FROM log ORDER BY id")).ShouldBe(["1|NULL", "2|web"]);
    }

    [Fact]
    public async Task BuildAsync_NamesWithSpacesAndMixedCase_SurviveEndToEnd()
    {
        WriteFile("data/Order Items.csv", "Order Id,Item Name,Updated At\n1,Pen,1\n2,Ink,1\n");
        var source = Source("Order Items", SourceFormat.Csv, "data/Order Items.csv", columns: [Column("Order Id", "INTEGER")]);
        var model = Node(Model(
            "Order Summary",
            "select \"Order Id\", upper(\"Item Name\") as \"Item NAME\", \"Updated At\" from \"Order Items\"",
            Materialization.Incremental,
            uniqueKey: ["Order Id"],
            cursor: "Updated At"));

        await _builder.BuildAsync(Node(source), Token);
        await _builder.BuildAsync(model, Token);
        WriteFile("data/Order Items.csv", "Order Id,Item Name,Updated At\n1,Pen,1\n2,Paper,2\n");
        await _builder.BuildAsync(Node(source), Token);
        var result = await _builder.BuildAsync(model, Token);

        result.Action.ShouldBe("merged 2 rows (2 updated, 0 inserted)");
        (await TypesAsync("Order Summary")).ShouldBe(["Order Id INTEGER", "Item NAME VARCHAR", "Updated At BIGINT"]);
        (await RowsAsync("SELECT * FROM \"Order Summary\" ORDER BY \"Order Id\"")).ShouldBe(["1|PEN|1", "2|PAPER|2"]);
    }

    [Fact]
    public async Task BuildAsync_ManyModelsInParallel_BuildsEachOnItsOwnSession()
    {
        await ExecuteAsync("CREATE TABLE src AS SELECT range AS id FROM range(100)");
        var nodes = Enumerable.Range(0, 8)
            .Select(i => Node(Model($"m{i}", $"select id from src where id % 8 = {i}")))
            .ToArray();

        var results = await Task.WhenAll(nodes.Select(n => _builder.BuildAsync(n, Token)));

        results.Sum(r => r.Rows!.Value).ShouldBe(100);
        (await RowsAsync("SELECT count(*) FROM m7")).ShouldBe(["12"]);
    }

    private string WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static AssetNode Node(AssetSpec spec) => new(spec, [], []);

    private static SourceSpec Source(
        string name,
        SourceFormat format,
        string path,
        Dictionary<string, string>? options = null,
        IReadOnlyList<ColumnSpec>? columns = null) => new()
        {
            Name = name,
            Location = new SourceLocation("sources/shop.yaml", 3, 5),
            Format = format,
            Path = path,
            Options = options ?? new Dictionary<string, string>(),
            Columns = columns ?? [],
        };

    private static ModelSpec Model(
        string name,
        string sql,
        Materialization materialized = Materialization.Table,
        IReadOnlyList<string>? uniqueKey = null,
        string? cursor = null) => new()
        {
            Name = name,
            Location = new SourceLocation($"models/{name}.sql", 1),
            Sql = sql,
            SqlFile = $"models/{name}.sql",
            Materialized = materialized,
            UniqueKey = uniqueKey ?? [],
            Cursor = cursor,
        };

    private static ColumnSpec Column(string name, string? type) => new(name, type, null, [], new SourceLocation("sources/shop.yaml", 9));

    private async Task ExecuteAsync(string sql)
    {
        await using var session = await _engine.OpenSessionAsync(Token);
        await session.ExecuteAsync(sql, Token);
    }

    private async Task<string[]> RowsAsync(string sql)
    {
        await using var session = await _engine.OpenSessionAsync(Token);
        var result = await session.QueryAsync(sql, cancellationToken: Token);
        return result.Rows.Select(r => string.Join('|', r.Select(Format))).ToArray();
    }

    private async Task<string[]> TypesAsync(string table) =>
        await RowsAsync($"SELECT column_name || ' ' || column_type FROM (DESCRIBE {_engine.QuoteIdentifier(table)})");

    private async Task<string?> KindAsync(string name)
    {
        var rows = await RowsAsync(
            $"SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = {_engine.QuoteLiteral(name)}");
        return rows.SingleOrDefault() switch
        {
            "BASE TABLE" => "TABLE",
            "VIEW" => "VIEW",
            _ => null,
        };
    }

    private async Task<bool> TableExistsAsync(string name) => await KindAsync(name) is not null;

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
