using System.Globalization;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.Graph;
using Weir.Project;
using Weir.Quality;

namespace Weir.Benchmarks;

/// <summary>
/// Ten passing checks on a 5M-row table, run by Weir's CheckRunner (one fused scan), versus one scan of the same table in
/// the same run. Target: ≤ 2× the scan's time. DuckDB answers a bare <c>SELECT count(*)</c> from row-group metadata
/// without reading a column, so the scan baseline is a <c>count</c> of every checked column (one hand-written aggregate:
/// the least any checker must read); the bare <c>count(*)</c> and ten separate queries (one per check, as tools that
/// run one query per check do) are printed for context.
/// </summary>
internal static class QualityBenchmark
{
    public static async Task RunAsync(int rows = 5_000_000)
    {
        var folder = Path.Combine(Path.GetTempPath(), "weir-bench", "quality-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { DatabasePath = Path.Combine(folder, "w.duckdb") });
            await using (var setup = await engine.OpenSessionAsync())
            {
                await setup.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                    create table bench_orders as
                    select i as order_id, (i * 7919) % 1000003 as customer_id, round(random() * 500, 2)::decimal(10,2) as amount,
                           ['paid', 'refund', 'lost'][1 + i % 3] as status, 'C' || (i % 100000)::varchar as code,
                           timestamp '2025-01-01' + to_seconds(i % 31536000) as ordered_at
                    from range({rows}) t(i)
                    """));
            }

            static CheckSpec Check(string type, string? column, params (string Key, object? Value)[] arguments) =>
                new(type, column, CheckSeverity.Error, arguments.ToDictionary(a => a.Key, a => a.Value), SourceLocation.None);
            CheckSpec[] tableChecks =
            [
                Check("row_count", null, ("min", "1")),
                Check("expression", null, ("sql", "customer_id >= 0")),
            ];
            ColumnSpec Column(string name, params CheckSpec[] checks) => new(name, null, null, checks, SourceLocation.None);
            var spec = new ModelSpec
            {
                Name = "bench_orders",
                Location = new SourceLocation("models/bench_orders.sql", 1),
                Sql = "select 1",
                SqlFile = "models/bench_orders.sql",
                Checks = tableChecks,
                Columns =
                [
                    Column("order_id", Check("not_null", "order_id"), Check("range", "order_id", ("min", "0"))),
                    Column("status", Check("not_null", "status"),
                        Check("accepted_values", "status", ("values", new object?[] { "paid", "refund", "lost" }))),
                    Column("amount", Check("range", "amount", ("min", "0"), ("max", "500"))),
                    Column("code", Check("length", "code", ("min", "2"), ("max", "10")),
                        Check("completeness", "code", ("min_ratio", "0.99"))),
                    Column("ordered_at", Check("freshness", "ordered_at", ("max_age", "36500d"))),
                ],
            };
            var node = new AssetNode(spec, [], []);
            var runner = new CheckRunner(engine);
            var results = await runner.RunAsync(node);
            if (results.Count != 10 || results.Any(r => r.Status != Checks.CheckStatus.Pass))
            {
                throw new InvalidOperationException("The benchmark's checks must all pass: " + string.Join("; ", results.Select(r => r.Message)));
            }

            await using var direct = await engine.OpenSessionAsync();
            const string ScanSql =
                "select count(order_id) + count(status) + count(amount) + count(code) + count(customer_id) + count(ordered_at) from bench_orders";
            var (weir, scan) = await Measure.PairedMedianAsync(
                9,
                async () => await runner.RunAsync(node),
                async () => await direct.ScalarAsync(ScanSql));
            var ratio = weir.TotalMilliseconds / scan.TotalMilliseconds;
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"10 checks over {rows:N0} rows (one fused scan)"),
                Report.Ms(weir), Report.Ms(scan) + " (one scan: count of each checked column)", ratio, "≤ 2× one scan", ratio <= 2);

            string[] separate =
            [
                "select count(*) from bench_orders",
                "select count_if(customer_id < 0) from bench_orders",
                "select count_if(order_id is null) from bench_orders",
                "select count_if(order_id < 0) from bench_orders",
                "select count_if(status is null) from bench_orders",
                "select count_if(status not in ('paid', 'refund', 'lost')) from bench_orders",
                "select count_if(amount < 0 or amount > 500) from bench_orders",
                "select count_if(length(code) < 2 or length(code) > 10) from bench_orders",
                "select count(code) from bench_orders",
                "select max(ordered_at) from bench_orders",
            ];
            var (weirAgain, oneByOne) = await Measure.PairedMedianAsync(
                5,
                async () => await runner.RunAsync(node),
                async () =>
                {
                    foreach (var sql in separate)
                    {
                        await direct.ScalarAsync(sql);
                    }
                });
            Report.Row(
                "  context: the same 10 checks as 10 separate queries",
                Report.Ms(weirAgain), Report.Ms(oneByOne) + " (one query per check)", weirAgain.TotalMilliseconds / oneByOne.TotalMilliseconds,
                "context", true);

            var (weirThird, count) = await Measure.PairedMedianAsync(
                9,
                async () => await runner.RunAsync(node),
                async () => await direct.ScalarAsync("select count(*) from bench_orders"));
            Report.Row(
                "  context: vs a bare SELECT count(*) (metadata, no column read)",
                Report.Ms(weirThird), Report.Ms(count) + " (SELECT count(*))", weirThird.TotalMilliseconds / count.TotalMilliseconds, "context", true);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
