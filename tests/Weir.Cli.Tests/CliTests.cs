using System.Text.Json;

namespace Weir.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_ShopProject_BuildsEveryAssetAndRecordsTheRun()
    {
        ShopProject.Write(_folder);

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Output.ShouldContain("4 succeeded, 0 failed, 0 skipped");
        run.Output.ShouldContain("warn accepted_values(status)");
        var runs = await CliRun.InvokeAsync("runs", "-p", _folder.Path, "--format", "json");
        using var json = JsonDocument.Parse(runs.Output);
        json.RootElement.GetArrayLength().ShouldBe(1);
        json.RootElement[0].GetProperty("status").GetString().ShouldBe("succeeded");
        json.RootElement[0].GetProperty("succeeded").GetInt32().ShouldBe(4);
        var one = await CliRun.InvokeAsync("runs", "-p", _folder.Path, json.RootElement[0].GetProperty("run_id").GetString()!, "--format", "json");
        using var run1 = JsonDocument.Parse(one.Output);
        var orders = run1.RootElement.GetProperty("assets").EnumerateArray().Single(a => a.GetProperty("asset").GetString() == "raw_orders");
        orders.GetProperty("rows").GetInt64().ShouldBe(5);
        orders.GetProperty("detail").GetString().ShouldBe("loaded 5 rows from 2 files");
    }

    [Fact]
    public async Task Query_CsvFormat_PrintsHeaderAndRowsMatchingTheSameSqlOnTheFiles()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var query = await CliRun.InvokeAsync("query", "-p", _folder.Path, "--format", "csv", "select segment, revenue, orders from revenue_by_segment order by segment");

        query.ExitCode.ShouldBe(0, query.ToString());
        // revenue is a sum of DECIMAL(10,2): DECIMAL(38,2), printed with its two places as DuckDB prints it.
        query.Output.ReplaceLineEndings("\n").ShouldBe("segment,revenue,orders\nretail,17.50,2\nwholesale,32.75,2\n");
    }

    [Fact]
    public async Task Query_JsonFormat_PrintsTypedValuesPerRow()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var query = await CliRun.InvokeAsync(
            "query", "-p", _folder.Path, "--format", "json", "select order_id, customer, order_date, amount from orders order by order_id limit 2");

        query.ExitCode.ShouldBe(0, query.ToString());
        using var json = JsonDocument.Parse(query.Output);
        var first = json.RootElement[0];
        first.GetProperty("order_id").GetInt64().ShouldBe(1);
        first.GetProperty("customer").GetString().ShouldBe("alice");
        first.GetProperty("order_date").GetString().ShouldBe("2026-01-03");
        first.GetProperty("amount").GetDecimal().ShouldBe(10.50m);
        json.RootElement.GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Query_Write_IsRefused()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var query = await CliRun.InvokeAsync("query", "-p", _folder.Path, "drop table orders");

        query.ExitCode.ShouldBe(1);
        query.Error.ShouldContain("read-only", Case.Insensitive);
        (await CliRun.InvokeAsync("query", "-p", _folder.Path, "select count(*) from orders")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Query_BeforeAnyRun_SaysToRunFirst()
    {
        ShopProject.Write(_folder);

        var query = await CliRun.InvokeAsync("query", "-p", _folder.Path, "select 1");

        query.ExitCode.ShouldBe(1);
        query.Error.ShouldContain("weir run");
    }

    [Fact]
    public async Task Test_JsonFormat_OneObjectPerCheckWithTheDocumentedFields()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var test = await CliRun.InvokeAsync("test", "-p", _folder.Path, "--format", "json");

        test.ExitCode.ShouldBe(0, test.ToString());
        using var json = JsonDocument.Parse(test.Output);
        var checks = json.RootElement.EnumerateArray().ToList();
        checks.Count.ShouldBe(5);
        foreach (var check in checks)
        {
            check.EnumerateObject().Select(p => p.Name).Take(6).ShouldBe(["asset", "column", "check", "severity", "status", "failing_rows"]);
            check.TryGetProperty("sample", out _).ShouldBe(check.GetProperty("status").GetString() == "fail");
        }

        var warn = checks.Single(c => c.GetProperty("check").GetString() == "accepted_values");
        warn.GetProperty("asset").GetString().ShouldBe("raw_orders");
        warn.GetProperty("column").GetString().ShouldBe("status");
        warn.GetProperty("severity").GetString().ShouldBe("warn");
        warn.GetProperty("status").GetString().ShouldBe("fail");
        warn.GetProperty("failing_rows").GetInt64().ShouldBe(1);
        var rowCount = checks.Single(c => c.GetProperty("check").GetString() == "row_count");
        rowCount.GetProperty("column").ValueKind.ShouldBe(JsonValueKind.Null);
        rowCount.GetProperty("status").GetString().ShouldBe("pass");
    }

    [Fact]
    public async Task Test_ErrorCheckFails_ExitsOne()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        _folder.Write("models/models.yaml", """
            models:
              - name: orders
                columns:
                  - name: status
                    checks:
                      - accepted_values: { values: [refunded] }
            """);

        var test = await CliRun.InvokeAsync("test", "-p", _folder.Path, "--format", "json", "--select", "orders");

        test.ExitCode.ShouldBe(1, test.ToString());
        using var json = JsonDocument.Parse(test.Output);
        var check = json.RootElement.EnumerateArray().Single();
        check.GetProperty("status").GetString().ShouldBe("fail");
        check.GetProperty("failing_rows").GetInt64().ShouldBe(4);
        var sample = check.GetProperty("sample").EnumerateArray().ToList();
        sample.Count.ShouldBe(4);
        sample.ShouldAllBe(row => row.GetProperty("status").GetString() != "refunded");
    }

    [Fact]
    public async Task Run_FreshnessOfLastLoad_PassesOnTheBuildJustFinishedAndTestReadsTheHistory()
    {
        ShopProject.Write(_folder);
        _folder.Write("sources/shop.yaml", """
            sources:
              - name: raw_orders
                kind: csv
                path: data/orders/*.csv
                primary_key: [order_id]
                checks:
                  - freshness: { max_age: 1h }
                  - schema: { columns: { order_id: BIGINT, status: VARCHAR } }
                  - expression: { sql: "amount < 15", severity: warn }
            """);

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path);
        var test = await CliRun.InvokeAsync("test", "-p", _folder.Path, "--format", "json", "--select", "raw_orders");

        run.ExitCode.ShouldBe(0, run.ToString());
        test.ExitCode.ShouldBe(0, test.ToString());
        using var json = JsonDocument.Parse(test.Output);
        var checks = json.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!);
        checks["freshness"].GetProperty("status").GetString().ShouldBe("pass");
        checks["schema"].GetProperty("status").GetString().ShouldBe("pass");
        var expression = checks["expression"];
        expression.GetProperty("status").GetString().ShouldBe("fail");
        var row = expression.GetProperty("sample").EnumerateArray().ShouldHaveSingleItem();
        row.EnumerateObject().First().Name.ShouldBe("order_id");
        row.GetProperty("order_id").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task Test_TextFormat_PrintsEveryCheckWithItsStatusAndTheTotals()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var test = await CliRun.InvokeAsync("test", "-p", _folder.Path);

        test.ExitCode.ShouldBe(0, test.ToString());
        test.All.ShouldContain("failing rows");
        test.All.ShouldContain("accepted_values(status)");
        test.All.ShouldContain("row_count");
        test.All.ShouldContain("checks 4 passed, 1 warned, 0 failed");
    }

    [Fact]
    public async Task Run_FailingModel_SkipsDownstreamAndResumeRebuildsOnlyThose()
    {
        ShopProject.Write(_folder, ordersModelSql: "select order_id, customer, cast(status as integer) as amount from raw_orders");

        var failed = await CliRun.InvokeAsync("run", "-p", _folder.Path, "--format", "json");

        failed.ExitCode.ShouldBe(1);
        using var first = JsonDocument.Parse(failed.Output);
        var runId = first.RootElement.GetProperty("run_id").GetString()!;
        var statuses = first.RootElement.GetProperty("assets").EnumerateArray()
            .ToDictionary(a => a.GetProperty("asset").GetString()!, a => a.GetProperty("status").GetString());
        statuses["orders"].ShouldBe("failed");
        statuses["revenue_by_segment"].ShouldBe("skipped");
        statuses["raw_orders"].ShouldBe("succeeded");

        ShopProject.Write(_folder);
        var resumed = await CliRun.InvokeAsync("run", "-p", _folder.Path, "--resume", runId, "--format", "json");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        using var second = JsonDocument.Parse(resumed.Output);
        second.RootElement.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("asset").GetString())
            .ShouldBe(["orders", "revenue_by_segment"]);
    }

    [Fact]
    public async Task Validate_BadProject_ReportsEveryErrorWithFileAndLineAndExitsOne()
    {
        ShopProject.Write(_folder);
        _folder.Write("models/models.yaml", """
            models:
              - name: orders
                materialised: table
            """);
        _folder.Write("models/broken.sql", "select * from no_such_table");

        var validate = await CliRun.InvokeAsync("validate", "-p", _folder.Path);

        validate.ExitCode.ShouldBe(1);
        validate.Error.ShouldContain("models/models.yaml:3:5: error WEIR101");
        validate.Error.ShouldContain("did you mean 'materialized'?");
        validate.Error.ShouldContain("models/broken.sql:1:15: error WEIR201");
        validate.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Validate_GoodProject_JsonSummary()
    {
        ShopProject.Write(_folder);

        var validate = await CliRun.InvokeAsync("validate", "-p", _folder.Path, "--format", "json");

        validate.ExitCode.ShouldBe(0, validate.ToString());
        Snapshot.Match("validate-shop", validate.Output);
    }

    [Fact]
    public async Task Graph_Formats_ListTheEdgesFoundInTheSql()
    {
        ShopProject.Write(_folder);

        var json = await CliRun.InvokeAsync("graph", "-p", _folder.Path, "--format", "json");
        var mermaid = await CliRun.InvokeAsync("graph", "-p", _folder.Path, "--format", "mermaid");
        var dot = await CliRun.InvokeAsync("graph", "-p", _folder.Path, "--format", "dot");

        using var doc = JsonDocument.Parse(json.Output);
        doc.RootElement.GetProperty("edges").EnumerateArray()
            .Select(e => $"{e.GetProperty("from").GetString()}->{e.GetProperty("to").GetString()}")
            .ShouldBe(["customers->orders", "customers->revenue_by_segment", "raw_orders->orders", "orders->revenue_by_segment"], ignoreOrder: true);
        Snapshot.Match("graph-shop-mermaid", mermaid.Output);
        Snapshot.Match("graph-shop-dot", dot.Output);
    }

    [Fact]
    public async Task Run_Select_BuildsOnlyTheSelection()
    {
        ShopProject.Write(_folder);

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path, "--select", "+orders", "--format", "json");

        run.ExitCode.ShouldBe(0, run.ToString());
        using var doc = JsonDocument.Parse(run.Output);
        doc.RootElement.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("asset").GetString())
            .ShouldBe(["customers", "raw_orders", "orders"], ignoreOrder: true);
    }

    [Fact]
    public async Task Run_UnknownSelector_ExitsOneWithDiagnostic()
    {
        ShopProject.Write(_folder);

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path, "--select", "tag:nothing");

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("WEIR400");
    }

    [Fact]
    public async Task UnknownOption_ExitsTwo()
    {
        var run = await CliRun.InvokeAsync("run", "--no-such-option");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("--no-such-option");
    }

    [Fact]
    public async Task Init_ThenRun_Succeeds()
    {
        var root = _folder.Combine("new-project");

        var init = await CliRun.InvokeAsync("init", root);
        var run = await CliRun.InvokeAsync("run", "-p", root);

        init.ExitCode.ShouldBe(0, init.ToString());
        run.ExitCode.ShouldBe(0, run.ToString());
        File.Exists(Path.Combine(root, ".weir", "warehouse.duckdb")).ShouldBeTrue();
        (await CliRun.InvokeAsync("init", root)).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task Demo_SmallShop_RunsEndToEndWithOneWarnCheckFiring()
    {
        var root = _folder.Combine("demo");

        var demo = await CliRun.InvokeAsync("demo", root, "--orders", "3000");

        demo.ExitCode.ShouldBe(0, demo.ToString());
        demo.Output.ShouldContain("13 succeeded, 0 failed, 0 skipped");
        demo.Output.ShouldContain("warn accepted_values(status)");
        var revenue = await CliRun.InvokeAsync("query", "-p", root, "--format", "csv", "select count(*) from fct_orders");
        revenue.Output.ShouldContain("3000");
        var again = await CliRun.InvokeAsync("demo", root);
        again.ExitCode.ShouldBe(0, again.ToString());
        again.Output.ShouldContain("running the existing demo");
    }
}
