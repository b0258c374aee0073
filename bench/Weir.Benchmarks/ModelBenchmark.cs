using System.Globalization;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.DuckDb.Lake;
using Weir.Graph;
using Weir.Project;

namespace Weir.Benchmarks;

/// <summary>
/// A model over a 5M-row table, built by Weir (DuckDbAssetBuilder, CREATE OR REPLACE TABLE … AS) versus the same SQL
/// sent straight to DuckDB in the same process. Target: Weir at ≥ 0.95× DuckDB's speed.
/// </summary>
internal static class ModelBenchmark
{
    private const string Sql = """
        select customer_id % 50000 as customer, count(*) as orders, sum(amount) as revenue, avg(amount) as average,
               min(ordered_at) as first_order, max(ordered_at) as last_order
        from bench_orders
        group by all
        """;

    public static async Task RunAsync(int rows = 5_000_000)
    {
        var folder = Path.Combine(Path.GetTempPath(), "weir-bench", "model-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { DatabasePath = Path.Combine(folder, "w.duckdb") });
            await using (var setup = await engine.OpenSessionAsync())
            {
                await setup.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                    create table bench_orders as
                    select i as order_id, (i * 7919) % 1000003 as customer_id, round(random() * 500, 2)::decimal(10,2) as amount,
                           timestamp '2025-01-01' + to_seconds(i % 31536000) as ordered_at
                    from range({rows}) t(i)
                    """));
            }

            var spec = new ModelSpec
            {
                Name = "bench_model",
                Location = new SourceLocation("models/bench_model.sql", 1),
                Sql = Sql,
                SqlFile = "models/bench_model.sql",
                Materialized = Materialization.Table,
            };
            var node = new AssetNode(spec, [], ["bench_orders"]);
            var builder = new DuckDbAssetBuilder(engine, folder);
            await using var direct = await engine.OpenSessionAsync();
            var (weir, raw) = await Measure.PairedMedianAsync(
                7,
                async () => await builder.BuildAsync(node),
                async () => await direct.ExecuteAsync($"create or replace table direct_model as {Sql}"));
            var speed = raw.TotalMilliseconds / weir.TotalMilliseconds;
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"table model over {rows:N0} rows (group by), warehouse table"),
                Report.Ms(weir), Report.Ms(raw) + " (same SQL on DuckDB)", speed, "≥ 0.95× DuckDB speed", speed >= 0.95);

            // The default path: the model becomes a new version of its Delta table in the lake.
            var lakeBuilder = new DuckDbAssetBuilder(engine, folder, new LakeTables(new LakeSettings { Root = Path.Combine(folder, "lake") }));
            var copyTarget = Path.Combine(folder, "direct.parquet").Replace("'", "''", StringComparison.Ordinal);
            var (lake, copy) = await Measure.PairedMedianAsync(
                7,
                async () => await lakeBuilder.BuildAsync(node),
                async () => await direct.ExecuteAsync($"COPY ({Sql}) TO '{copyTarget}' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V{LakeSettings.DefaultParquetVersion})"));
            var lakeSpeed = copy.TotalMilliseconds / lake.TotalMilliseconds;
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"table model over {rows:N0} rows (group by), Delta table in the lake"),
                Report.Ms(lake), Report.Ms(copy) + " (same SQL, DuckDB COPY to zstd Parquet)", lakeSpeed, "≥ 0.95× DuckDB speed", lakeSpeed >= 0.95);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
