using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Weir.Cli.Tests;

/// <summary>
/// Anomaly detection end to end: every <c>weir run</c> profiles the source into the metadata store, and the source's
/// <c>anomaly</c> check compares the new row count with the stored history.
/// </summary>
public sealed class AnomalyCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_RowCountNoiseForTenRunsThenAnEightyPercentDrop_FiresOnlyOnTheDrop()
    {
        _folder.Write("weir.yaml", "name: shop\n");
        _folder.Write("sources/shop.yaml", """
            sources:
              - name: raw_orders
                kind: csv
                path: data/orders.csv
                checks:
                  - anomaly: { metric: row_count, window: 10, severity: warn }
            """);
        // ±5% around 1,000 rows, in a fixed order so the test never depends on a random draw.
        int[] noisy = [1000, 1040, 965, 1020, 950, 1050, 985, 1010, 960, 1035];
        var statuses = new List<string>();
        foreach (var rows in noisy.Append(200))
        {
            WriteOrders(rows);

            var run = await CliRun.InvokeAsync("run", "-p", _folder.Path, "--format", "json");

            run.ExitCode.ShouldBe(0, run.ToString());
            var test = await CliRun.InvokeAsync("test", "-p", _folder.Path, "--format", "json");
            using var json = JsonDocument.Parse(test.Output);
            var anomaly = json.RootElement.EnumerateArray().Single(c => c.GetProperty("check").GetString() == "anomaly");
            statuses.Add(anomaly.GetProperty("status").GetString()!);
        }

        statuses.Take(10).ShouldAllBe(s => s == "pass");
        statuses[10].ShouldBe("fail");
    }

    private void WriteOrders(int rows)
    {
        var csv = new StringBuilder("order_id,amount\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{i % 97}.50\n");
        }

        _folder.Write("data/orders.csv", csv.ToString());
    }
}
