using System.Text.Json;
using System.Text.RegularExpressions;

namespace Weir.Cli.Tests;

/// <summary>Load metrics in <c>weir runs RUN_ID</c>, and <c>weir schema NAME</c> after a load changed a source's columns.</summary>
public sealed partial class SchemaCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Runs_OneRun_ShowsTheLoadMetricsOfSources()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        var runId = await LatestRunIdAsync();
        var bytes = new FileInfo(_folder.Combine("data", "orders", "2026-01.csv")).Length
            + new FileInfo(_folder.Combine("data", "orders", "2026-02.csv")).Length;

        var human = await CliRun.InvokeAsync("runs", "-p", _folder.Path, runId);
        var json = await CliRun.InvokeAsync("runs", "-p", _folder.Path, runId, "--format", "json");

        human.ExitCode.ShouldBe(0, human.ToString());
        human.Output.ShouldContain("read");
        human.Output.ShouldContain("quarantined");
        human.Output.ShouldContain("watermark");
        human.Output.ShouldMatch(@"raw_orders\s.*\s5\s+5\s+0\s+\S+ (B|KB)\s+2\s");
        using var document = JsonDocument.Parse(json.Output);
        var assets = document.RootElement.GetProperty("assets").EnumerateArray().ToList();
        var load = assets.Single(a => a.GetProperty("asset").GetString() == "raw_orders").GetProperty("load");
        load.GetProperty("rows_read").GetInt64().ShouldBe(5);
        load.GetProperty("rows_loaded").GetInt64().ShouldBe(5);
        load.GetProperty("rows_quarantined").GetInt64().ShouldBe(0);
        load.GetProperty("bytes_read").GetInt64().ShouldBe(bytes);
        load.GetProperty("files").GetInt32().ShouldBe(2);
        load.GetProperty("watermark_before").ValueKind.ShouldBe(JsonValueKind.Null);
        load.GetProperty("delta_version").GetInt64().ShouldBe(1);
        assets.Single(a => a.GetProperty("asset").GetString() == "orders").GetProperty("load").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Runs_OneRunAsCsv_MatchesTheApprovedSnapshot()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        var runId = await LatestRunIdAsync();

        var csv = await CliRun.InvokeAsync("runs", "-p", _folder.Path, runId, "--format", "csv");

        csv.ExitCode.ShouldBe(0, csv.ToString());
        // Times, durations and byte counts (line endings differ by OS) vary between runs; the rest is stable.
        var lines = csv.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var stable = lines.Take(1).Concat(lines.Skip(1).Order(StringComparer.Ordinal).Select(line => Times().Replace(line, "<time>,<time>,<s>")))
            .Select(line => Bytes().Replace(line, ",<bytes>,$1"));
        Snapshot.Match("runs-shop-csv", string.Join('\n', stable) + "\n");
    }

    [Fact]
    public async Task Schema_AfterALoadAddsAColumn_ShowsTheColumnsAndTheChangeByVersion()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        _folder.Write("data/orders/2026-03.csv", "order_id,customer,Order Date,amount,status,channel\n6,carol,2026-03-01,3.00,paid,web\n");
        (await CliRun.InvokeAsync("run", "-p", _folder.Path, "--select", "raw_orders")).ExitCode.ShouldBe(0);
        var runId = await LatestRunIdAsync();

        var json = await CliRun.InvokeAsync("schema", "-p", _folder.Path, "raw_orders", "--format", "json");
        var human = await CliRun.InvokeAsync("schema", "-p", _folder.Path, "raw_orders");

        json.ExitCode.ShouldBe(0, json.ToString());
        using var document = JsonDocument.Parse(json.Output);
        var root = document.RootElement;
        root.GetProperty("version").GetInt64().ShouldBe(2);
        root.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("type").GetString()}")
            .ShouldBe(["order_id long", "customer string", "Order Date date", "amount decimal(10,2)", "status string", "channel string"]);
        var change = root.GetProperty("changes").EnumerateArray().ShouldHaveSingleItem();
        change.GetProperty("version").GetInt64().ShouldBe(2);
        change.GetProperty("run_id").GetString().ShouldBe(runId);
        change.GetProperty("change").GetString().ShouldBe("added");
        change.GetProperty("column").GetString().ShouldBe("channel");
        change.GetProperty("new_type").GetString().ShouldBe("string");
        human.ExitCode.ShouldBe(0, human.ToString());
        human.Output.ShouldContain("raw_orders at Delta version 2");
        human.Output.ShouldContain("+channel string");
    }

    [Fact]
    public async Task Schema_NothingChanged_SaysSo()
    {
        ShopProject.Write(_folder);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);

        var human = await CliRun.InvokeAsync("schema", "-p", _folder.Path, "raw_orders");

        human.ExitCode.ShouldBe(0, human.ToString());
        human.Output.ShouldContain("no schema changes recorded");
        human.Output.ShouldContain("order_id");
    }

    [Fact]
    public async Task Schema_UnknownAsset_FailsWithDidYouMean()
    {
        ShopProject.Write(_folder);

        var result = await CliRun.InvokeAsync("schema", "-p", _folder.Path, "raw_order");

        result.ExitCode.ShouldBe(1);
        result.All.ShouldContain("no asset 'raw_order'");
        result.All.ShouldContain("raw_orders");
    }

    private async Task<string> LatestRunIdAsync()
    {
        var runs = await CliRun.InvokeAsync("runs", "-p", _folder.Path, "--format", "json");
        using var json = JsonDocument.Parse(runs.Output);
        return json.RootElement[0].GetProperty("run_id").GetString()!;
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT[^,]+,\d{4}-\d\d-\d\dT[^,]+,[0-9.]+")]
    private static partial Regex Times();

    // rows_read, rows_loaded, rows_quarantined, then bytes_read and files.
    [GeneratedRegex(@"(?<=,\d+,\d+,\d+),\d+,(\d+,)")]
    private static partial Regex Bytes();
}
