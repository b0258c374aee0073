using System.Text.Json;

namespace Weir.Cli.Tests;

public sealed class LakeCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_StoresSourcesAndTableModelsAsDeltaTablesInTheirZones()
    {
        ShopProject.Write(_folder);

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path);

        run.ExitCode.ShouldBe(0, run.ToString());
        Directory.Exists(_folder.Combine("lake", "raw", "raw_orders", "_delta_log")).ShouldBeTrue();
        Directory.Exists(_folder.Combine("lake", "raw", "customers", "_delta_log")).ShouldBeTrue();
        Directory.Exists(_folder.Combine("lake", "curated", "orders", "_delta_log")).ShouldBeTrue();
        Directory.EnumerateFiles(_folder.Combine("lake", "curated", "orders"), "*.parquet").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task History_AfterTwoRunsWithNewData_ListsEachVersionNewestFirst()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        _folder.Write("data/orders/2026-03.csv", "order_id,customer,Order Date,amount,status\n6,carol,2026-03-01,3.00,paid\n");
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var history = await CliRun.InvokeAsync("history", "-p", _folder.Path, "raw_orders", "--format", "json");

        history.ExitCode.ShouldBe(0, history.ToString());
        using var json = JsonDocument.Parse(history.Output);
        var versions = json.RootElement.EnumerateArray().ToList();
        versions.Select(v => v.GetProperty("version").GetInt64()).ShouldBe([2, 1, 0]);
        versions[0].GetProperty("operation").GetString().ShouldBe("WRITE");
        versions[0].GetProperty("rows_added").GetInt64().ShouldBe(6);
        versions[0].GetProperty("rows_removed").GetInt64().ShouldBe(5);
        versions[1].GetProperty("rows_added").GetInt64().ShouldBe(5);
        versions[2].GetProperty("operation").GetString().ShouldBe("CREATE TABLE");
        versions[2].GetProperty("schema_change").GetString().ShouldNotBeNull().ShouldContain("order_id");
    }

    [Fact]
    public async Task History_SchemaChange_IsRecordedWithItsVersion()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        _folder.Write("models/orders.sql", """
            select order_id, customer, "Order Date" as order_date, amount, status, amount * 2 as doubled
            from raw_orders
            where status <> 'refunded'
            """);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path, "--select", "orders")).ExitCode.ShouldBe(0);

        var history = await CliRun.InvokeAsync("history", "-p", _folder.Path, "orders", "--format", "json");

        using var json = JsonDocument.Parse(history.Output);
        json.RootElement[0].GetProperty("version").GetInt64().ShouldBe(2);
        json.RootElement[0].GetProperty("schema_change").GetString().ShouldBe("+doubled decimal(18,2)");
        json.RootElement[1].GetProperty("schema_change").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Run_DroppedColumnUnderEvolve_FailsNamingTheColumnAndTheOptIn()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        _folder.Write("models/orders.sql", "select order_id, customer, amount from raw_orders");

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path, "--select", "orders");

        run.ExitCode.ShouldBe(1);
        run.Output.ShouldContain("column \"order_date\" would be dropped");
        run.Output.ShouldContain("on_schema_change: overwrite");
        var history = await CliRun.InvokeAsync("history", "-p", _folder.Path, "orders", "--format", "json");
        using var json = JsonDocument.Parse(history.Output);
        json.RootElement[0].GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Query_AtVersion_ReadsTheTableAsItWas()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        _folder.Write("data/orders/2026-03.csv", "order_id,customer,Order Date,amount,status\n6,carol,2026-03-01,3.00,paid\n");
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var now = await CliRun.InvokeAsync("query", "-p", _folder.Path, "--format", "csv", "select count(*) as n from raw_orders");
        var then = await CliRun.InvokeAsync(
            "query", "-p", _folder.Path, "--format", "csv", "select count(*) as n from raw_orders o AT (VERSION => 1) where o.order_id > 0");
        var joined = await CliRun.InvokeAsync(
            "query", "-p", _folder.Path, "--format", "csv",
            "select count(*) as n from raw_orders as old AT (VERSION => 1) join raw_orders as cur using (order_id)");

        now.Output.ReplaceLineEndings("\n").ShouldBe("n\n6\n");
        then.Output.ReplaceLineEndings("\n").ShouldBe("n\n5\n", then.ToString());
        joined.Output.ReplaceLineEndings("\n").ShouldBe("n\n5\n", joined.ToString());
    }

    [Fact]
    public async Task Query_AtMissingVersion_ExitsOneNamingTheLatest()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var query = await CliRun.InvokeAsync("query", "-p", _folder.Path, "select * from raw_orders AT (VERSION => 9)");

        query.ExitCode.ShouldBe(1);
        query.Error.ShouldContain("the latest version is 1");
        query.Error.ShouldContain("weir history");
    }

    [Fact]
    public async Task History_OfAView_ExplainsViewsHaveNoVersions()
    {
        ShopProject.Write(_folder);
        _folder.Write("models/models.yaml", "models:\n  - name: orders\n    materialized: view\n");
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var history = await CliRun.InvokeAsync("history", "-p", _folder.Path, "orders");

        history.ExitCode.ShouldBe(1);
        history.Error.ShouldContain("is a view");
    }

    [Fact]
    public async Task Vacuum_ZeroRetention_DeletesReplacedFilesAndKeepsTheLatestReadable()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        var before = Directory.EnumerateFiles(_folder.Combine("lake", "raw", "raw_orders"), "*.parquet").Count();

        var dry = await CliRun.InvokeAsync("vacuum", "-p", _folder.Path, "raw_orders", "--retention", "0s", "--dry-run", "--format", "json");
        var vacuum = await CliRun.InvokeAsync("vacuum", "-p", _folder.Path, "raw_orders", "--retention", "0s", "--format", "json");

        vacuum.ExitCode.ShouldBe(0, vacuum.ToString());
        using var json = JsonDocument.Parse(vacuum.Output);
        json.RootElement[0].GetProperty("files_deleted").GetInt64().ShouldBe(1);
        using var dryJson = JsonDocument.Parse(dry.Output);
        dryJson.RootElement[0].GetProperty("dry_run").GetBoolean().ShouldBeTrue();
        before.ShouldBe(2);
        Directory.EnumerateFiles(_folder.Combine("lake", "raw", "raw_orders"), "*.parquet").Count().ShouldBe(1);
        var query = await CliRun.InvokeAsync("query", "-p", _folder.Path, "--format", "csv", "select count(*) as n from raw_orders");
        query.Output.ReplaceLineEndings("\n").ShouldBe("n\n5\n");
    }

    [Fact]
    public async Task Optimize_ThreeAppends_CompactsIntoOneFileWithTheSameRows()
    {
        ShopProject.Write(_folder);
        _folder.Write("models/models.yaml", "models:\n  - name: orders\n    materialized: incremental\n");
        for (var i = 0; i < 3; i++)
        {
            (await CliRun.InvokeAsync("run", "-p", _folder.Path, "--select", "+orders")).ExitCode.ShouldBe(0);
        }

        var optimize = await CliRun.InvokeAsync("optimize", "-p", _folder.Path, "orders", "--format", "json");

        optimize.ExitCode.ShouldBe(0, optimize.ToString());
        using var json = JsonDocument.Parse(optimize.Output);
        json.RootElement[0].GetProperty("files_compacted").GetInt64().ShouldBe(3);
        json.RootElement[0].GetProperty("files_written").GetInt64().ShouldBe(1);
        var query = await CliRun.InvokeAsync("query", "-p", _folder.Path, "--format", "csv", "select count(*) as n from orders");
        query.Output.ReplaceLineEndings("\n").ShouldBe("n\n12\n");
        var history = await CliRun.InvokeAsync("history", "-p", _folder.Path, "orders", "--format", "json", "--limit", "1");
        using var h = JsonDocument.Parse(history.Output);
        h.RootElement[0].GetProperty("operation").GetString().ShouldBe("OPTIMIZE");
    }
}
