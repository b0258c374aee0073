using System.Text.Json;

namespace Weir.Cli.Tests;

/// <summary><c>quarantine: true</c> end to end: loader, ingestion, checks after the load, the run's record.</summary>
public sealed class QuarantineCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_SourceWithQuarantineCheck_MovesFailingRowsAndOtherChecksStillReport()
    {
        _folder.Write("weir.yaml", "name: shop\n");
        _folder.Write("data/orders.csv", """
            order_id,amount,status
            1,10.50,paid
            2,,paid
            3,4.00,lost
            4,,lost
            """);
        _folder.Write("sources/shop.yaml", """
            sources:
              - name: raw_orders
                kind: csv
                path: data/orders.csv
                columns:
                  - name: amount
                    type: DECIMAL(10,2)
                    checks:
                      - not_null: { quarantine: true }
                  - name: status
                    checks:
                      - accepted_values: { values: [paid], severity: warn }
            """);

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path, "--format", "json");
        var quarantine = await CliRun.InvokeAsync("query", "-p", _folder.Path, "--format", "csv",
            "select line, reason from raw_orders__quarantine order by line");
        var test = await CliRun.InvokeAsync("test", "-p", _folder.Path, "--format", "json");

        run.ExitCode.ShouldBe(0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        var asset = json.RootElement.GetProperty("assets")[0];
        asset.GetProperty("rows").GetInt64().ShouldBe(2);
        asset.GetProperty("detail").GetString().ShouldBe("loaded 2 rows from 1 file; quarantined 2 rows (see raw_orders__quarantine)");
        quarantine.Output.ReplaceLineEndings("\n").ShouldBe("line,reason\n2,not_null(amount)\n4,not_null(amount)\n");
        using var checks = JsonDocument.Parse(test.Output);
        var statuses = checks.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c.GetProperty("status").GetString());
        statuses["not_null"].ShouldBe("pass");
        statuses["accepted_values"].ShouldBe("fail");
    }

    [Fact]
    public async Task Validate_QuarantineOnAModel_IsAnErrorAtTheCheck()
    {
        _folder.Write("weir.yaml", "name: shop\n");
        _folder.Write("models/m.sql", "select 1 as amount");
        _folder.Write("models/m.yaml", """
            models:
              - name: m
                columns:
                  - name: amount
                    checks:
                      - range: { min: 0, quarantine: true }
            """);

        var validate = await CliRun.InvokeAsync("validate", "-p", _folder.Path);

        validate.ExitCode.ShouldBe(1);
        validate.Error.ShouldContain("models/m.yaml:6:");
        validate.Error.ShouldContain("check 'range(amount)' of model 'm' has 'quarantine: true', which applies only to sources");
    }
}
