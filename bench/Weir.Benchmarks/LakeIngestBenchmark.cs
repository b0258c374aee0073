using System.Globalization;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.DuckDb.Lake;
using Weir.Graph;
using Weir.Project;

namespace Weir.Benchmarks;

/// <summary>
/// Ingestion into the lake: a 5M-row CSV source built by Weir (DuckDbAssetBuilder with LakeTables: read, write zstd
/// Parquet with statistics, commit a Delta version, publish the view) versus DuckDB's own
/// <c>COPY (SELECT * FROM read_csv(…)) TO 'x.parquet' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2)</c> (the
/// Parquet version Weir writes by default) of the same file in the same run. Target: Weir at ≥ 0.9× DuckDB's rows per second.
/// </summary>
internal static class LakeIngestBenchmark
{
    public static async Task RunAsync(int rows = 5_000_000)
    {
        var folder = Path.Combine(Path.GetTempPath(), "weir-bench", "lake-ingest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var csv = Path.Combine(folder, "orders.csv");
            var baselineFile = Path.Combine(folder, "baseline.parquet");
            var options = new DuckDbEngineOptions { DatabasePath = Path.Combine(folder, "w.duckdb") };
            await using var engine = await DuckDbEngine.OpenAsync(options);
            await using var direct = await engine.OpenSessionAsync();
            await direct.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                copy (
                    select i as order_id, (i * 7919) % 1000003 as customer_id, round(random() * 500, 2)::decimal(10,2) as amount,
                           timestamp '2025-01-01' + to_seconds(i % 31536000) as ordered_at, ['web', 'shop', 'phone'][i % 3 + 1] as channel
                    from range({rows}) t(i)
                ) to {engine.QuoteLiteral(csv)} (format csv, header true)
                """));

            var source = new SourceSpec
            {
                Name = "bench_orders",
                Location = new SourceLocation("sources/bench.yaml", 1),
                Format = SourceFormat.Csv,
                Path = csv,
            };
            var node = new AssetNode(source, [], []);
            var lake = new LakeTables(new LakeSettings { Root = Path.Combine(folder, "lake") });
            var builder = new DuckDbAssetBuilder(engine, folder, lake);
            var copy = $"copy (select * from read_csv({engine.QuoteLiteral(csv)})) to {engine.QuoteLiteral(baselineFile)} "
                + string.Create(CultureInfo.InvariantCulture, $"(format parquet, compression zstd, parquet_version v{LakeSettings.DefaultParquetVersion})");
            long built = 0;
            var (weir, raw) = await Measure.PairedMedianAsync(
                5,
                async () => built = (await builder.BuildAsync(node)).Rows ?? 0,
                async () => await direct.ExecuteAsync(copy));
            if (built != rows)
            {
                throw new InvalidOperationException($"Weir loaded {built} rows, expected {rows}.");
            }

            var weirRate = rows / weir.TotalSeconds;
            var rawRate = rows / raw.TotalSeconds;
            var ratio = weirRate / rawRate;
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"ingest a {rows:N0}-row CSV into a Delta table"),
                string.Create(CultureInfo.InvariantCulture, $"{weirRate:N0} rows/s ({Report.Ms(weir)})"),
                string.Create(CultureInfo.InvariantCulture, $"{rawRate:N0} rows/s ({Report.Ms(raw)}, DuckDB COPY to zstd Parquet)"),
                ratio,
                "≥ 0.9× DuckDB rows/s",
                ratio >= 0.9);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
