using System.Globalization;
using Weir.DuckDb;
using Weir.Quality.Profiling;

namespace Weir.Benchmarks;

/// <summary>
/// Profiling a 5M-row, 7-column table (numbers, a decimal, text of low and high cardinality, a timestamp, a boolean) with
/// <see cref="ProfileRunner"/> — three statements: DESCRIBE, one aggregate scan, one GROUPING SETS scan for top values
/// and histograms — against one <c>SELECT count(*)</c> of the same table in the same run.
/// </summary>
internal static class ProfileBenchmark
{
    /// <summary>
    /// With <paramref name="warehouse"/> (a project's <c>.weir/warehouse.duckdb</c>, e.g. the demo's), profiles each of
    /// <paramref name="assets"/> there instead: the overhead a run adds per profiled asset.
    /// </summary>
    public static async Task RunAsync(string? warehouse = null, IReadOnlyList<string>? assets = null, int rows = 5_000_000)
    {
        if (warehouse is not null)
        {
            await RunOnWarehouseAsync(warehouse, assets ?? []);
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "weir-bench", "profile-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var options = new DuckDbEngineOptions { DatabasePath = Path.Combine(folder, "w.duckdb") };
            await using var engine = await DuckDbEngine.OpenAsync(options);
            await using (var setup = await engine.OpenSessionAsync())
            {
                await setup.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                    create table bench_orders as
                    select i as order_id, (i * 7919) % 1000003 as customer_id, round(random() * 500, 2)::decimal(10,2) as amount,
                           (['paid', 'pending', 'refunded', 'shipped', 'lost'])[1 + i % 5] as status,
                           'customer-' || (i % 50000) as customer,
                           timestamp '2025-01-01' + to_seconds(i % 31536000) as ordered_at,
                           i % 3 = 0 as gift
                    from range({rows}) t(i)
                    """));
            }

            var runner = new ProfileRunner(engine);
            await using var direct = await engine.OpenSessionAsync();
            var (profile, count) = await Measure.PairedMedianAsync(
                5,
                async () => await runner.ProfileAsync("bench_orders"),
                async () => await direct.ScalarAsync("select count(*) from bench_orders"));
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"profile a {rows:N0}-row, 7-column table (3 statements)"),
                Report.Ms(profile),
                Report.Ms(count) + " (SELECT count(*) of the same table)",
                profile.TotalMilliseconds / count.TotalMilliseconds,
                "informative",
                true);
            var (_, sum) = await Measure.PairedMedianAsync(
                5,
                async () => await runner.ProfileAsync("bench_orders"),
                async () => await direct.ScalarAsync("select sum(amount) + sum(customer_id) + count(status) from bench_orders"));
            Report.Row(
                "  same profile against one scan that reads three of its columns",
                Report.Ms(profile), Report.Ms(sum) + " (sum/count over 3 columns)", profile.TotalMilliseconds / sum.TotalMilliseconds,
                "informative", true);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunOnWarehouseAsync(string warehouse, IReadOnlyList<string> assets)
    {
        await using var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { DatabasePath = warehouse, ReadOnly = true });
        var runner = new ProfileRunner(engine);
        await using var direct = await engine.OpenSessionAsync();
        var total = TimeSpan.Zero;
        var totalCount = TimeSpan.Zero;
        foreach (var asset in assets)
        {
            var countSql = $"select count(*) from {engine.QuoteIdentifier(asset)}";
            var rows = Convert.ToInt64(await direct.ScalarAsync(countSql), CultureInfo.InvariantCulture);
            var (profile, count) = await Measure.PairedMedianAsync(
                7,
                async () => await runner.ProfileAsync(asset),
                async () => await direct.ScalarAsync(countSql));
            total += profile;
            totalCount += count;
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"profile {asset} ({rows:N0} rows)"),
                Report.Ms(profile),
                Report.Ms(count) + " (SELECT count(*))",
                profile.TotalMilliseconds / count.TotalMilliseconds,
                "informative",
                true);
        }

        Report.Row(
            string.Create(CultureInfo.InvariantCulture, $"profile all {assets.Count} assets"),
            Report.Ms(total),
            Report.Ms(totalCount) + " (SELECT count(*) of each)",
            total.TotalMilliseconds / totalCount.TotalMilliseconds,
            "informative",
            true);
    }
}
