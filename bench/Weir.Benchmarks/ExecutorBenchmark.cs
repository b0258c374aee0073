using System.Globalization;
using Weir.Catalog;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.DuckDb.Lake;
using Weir.Graph;
using Weir.Orchestration;
using Weir.Project;
using Weir.Quality;
using Weir.Runs;

namespace Weir.Benchmarks;

/// <summary>
/// Executor overhead per asset: 1,000 trivial table models run by Weir (executor, builder, check runner, SQLite run
/// store) versus the same 1,000 CREATE TABLE statements sent straight to DuckDB in the same run. Wide (all independent)
/// and chained (each reads the previous). Target: under 2 ms of overhead per asset.
/// </summary>
internal static class ExecutorBenchmark
{
    public static async Task RunAsync(int count = 1_000)
    {
        foreach (var (shape, lake) in new[] { ("wide", false), ("chained", false), ("wide", true) })
        {
            var folder = Path.Combine(Path.GetTempPath(), "weir-bench", "exec-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                var nodes = new List<AssetNode>(count);
                var statements = new List<string>(count);
                for (var i = 0; i < count; i++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"m{i:0000}");
                    var upstream = shape == "chained" && i > 0 ? string.Create(CultureInfo.InvariantCulture, $"m{i - 1:0000}") : null;
                    var sql = upstream is null ? "select 1 as x" : $"select x + 1 as x from {upstream}";
                    nodes.Add(new AssetNode(
                        new ModelSpec { Name = name, Location = new SourceLocation($"models/{name}.sql", 1), Sql = sql, SqlFile = $"models/{name}.sql", Materialized = Materialization.Table },
                        upstream is null ? [] : [upstream],
                        []));
                    statements.Add($"create or replace table direct_{name} as " + (upstream is null ? sql : $"select x + 1 as x from direct_{upstream}"));
                }

                var graph = new AssetGraph(nodes);
                await using var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { DatabasePath = Path.Combine(folder, "w.duckdb") });
                await using var store = await SqliteRunStore.OpenAsync(Path.Combine(folder, "metadata.db"));
                var executor = new Executor(
                    new DuckDbAssetBuilder(engine, folder, lake ? new LakeTables(new LakeSettings { Root = Path.Combine(folder, "lake") }) : null),
                    new CheckRunner(engine),
                    store,
                    new ExecutorOptions { Threads = 4, Defaults = new RunDefaults() });
                await using var direct = await engine.OpenSessionAsync();
                var (weir, raw) = await Measure.PairedMedianAsync(
                    3,
                    async () =>
                    {
                        var result = await executor.RunAsync(graph, new RunRequest { Command = "bench" });
                        if (result.Status != RunStatus.Succeeded)
                        {
                            throw new InvalidOperationException("benchmark run failed: " + result.Assets.First(a => a.Error is not null).Error);
                        }
                    },
                    async () =>
                    {
                        foreach (var statement in statements)
                        {
                            await direct.ExecuteAsync(statement);
                        }
                    });
                var overhead = (weir - raw).TotalMilliseconds / count;
                Report.Row(
                    string.Create(CultureInfo.InvariantCulture, $"executor, {count:N0} trivial models, {shape}{(lake ? ", each a Delta table" : string.Empty)}"),
                    Report.Ms(weir), Report.Ms(raw) + " (same DDL, one connection)", weir / raw,
                    "overhead < 2 ms/asset",
                    overhead < 2);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"|   overhead per asset ({shape}{(lake ? ", lake" : string.Empty)}) | {overhead:0.000} ms | | | | |"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
