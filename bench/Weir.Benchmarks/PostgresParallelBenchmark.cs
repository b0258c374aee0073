using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.DuckDb.Lake;
using Weir.Graph;
using Weir.Project;
using Weir.Testing;

namespace Weir.Benchmarks;

/// <summary>
/// Full refresh of a 1M-row PostgreSQL table into the lake: <c>parallelism: N</c> (key ranges of the primary key read
/// on N connections at once, one commit) versus the serial read of the same source (the baseline), in the same run and
/// on the same table. Both overwrite the lake table; each figure is the median of the timed runs after a warm-up.
/// </summary>
internal static class PostgresParallelBenchmark
{
    private const int Runs = 3;

    public static async Task RunAsync(int rows = 1_000_000)
    {
        var folder = Path.Combine(Path.GetTempPath(), "weir-bench", "pg-parallel-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var server = await PostgresProcess.StartAsync(
                "weir-bench", "-c max_connections=20 -c shared_buffers=512MB -c TimeZone=UTC -c autovacuum=off", stopMode: "fast");
            var connectionString = server.ConnectionString + ";Command Timeout=0";
            await using var pg = NpgsqlDataSource.Create(connectionString);
            await using (var create = pg.CreateCommand(string.Create(CultureInfo.InvariantCulture, $"""
                CREATE TABLE t (id bigint PRIMARY KEY, customer_id int, amount numeric(12,2), status text, updated_at timestamp);
                INSERT INTO t
                SELECT i, ((i * 7919) % 100003)::int, round((random() * 500)::numeric, 2), (ARRAY['new', 'paid', 'shipped', 'returned'])[i % 4 + 1],
                       timestamp '2026-01-01' + make_interval(secs => i % 86400)
                FROM generate_series(1::bigint, {rows}) AS s(i)
                """)))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using (var vacuum = pg.CreateCommand("VACUUM ANALYZE t"))
            {
                await vacuum.ExecuteNonQueryAsync();
            }

            var options = new DuckDbEngineOptions { DatabasePath = Path.Combine(folder, "w.duckdb") };
            await using var engine = await DuckDbEngine.OpenAsync(options);
            var lake = new LakeTables(new LakeSettings { Root = Path.Combine(folder, "lake") });
            var builder = new DuckDbAssetBuilder(engine, folder, lake);
            var serial = await TimeAsync(builder, Source("bench_pg_serial", connectionString, 1), rows);
            foreach (var parallelism in new[] { 2, 4 })
            {
                var parallel = await TimeAsync(builder, Source("bench_pg_parallel_" + parallelism.ToString(CultureInfo.InvariantCulture), connectionString, parallelism), rows);
                var ratio = serial.TotalSeconds / parallel.TotalSeconds;
                Report.Row(
                    string.Create(CultureInfo.InvariantCulture, $"full refresh of {rows:N0} PostgreSQL rows, parallelism: {parallelism}"),
                    string.Create(CultureInfo.InvariantCulture, $"{rows / parallel.TotalSeconds:N0} rows/s ({Report.Ms(parallel)})"),
                    string.Create(CultureInfo.InvariantCulture, $"{rows / serial.TotalSeconds:N0} rows/s ({Report.Ms(serial)}, serial read)"),
                    ratio,
                    "informative (speed-up over serial)",
                    true);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static SourceSpec Source(string name, string connectionString, int parallelism) => new()
    {
        Name = name,
        Location = new SourceLocation("sources/bench.yaml", 1),
        Format = SourceFormat.Postgres,
        Path = string.Empty,
        Connection = connectionString,
        Table = "t",
        Mode = SourceLoadMode.FullRefresh,
        PrimaryKey = ["id"],
        Parallelism = parallelism,
        SplitBy = parallelism > 1 ? "id" : null,
    };

    /// <summary>The median time of the timed full refreshes (the first run warms up and is discarded).</summary>
    private static async Task<TimeSpan> TimeAsync(DuckDbAssetBuilder builder, SourceSpec source, long rows)
    {
        var node = new AssetNode(source, [], []);
        var times = new List<TimeSpan>();
        for (var run = 0; run <= Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var result = await builder.BuildAsync(node);
            var elapsed = clock.Elapsed;
            if (result.Load?.RowsRead != rows || result.Rows != rows)
            {
                throw new InvalidOperationException($"{source.Name}: {result.Action}, expected {rows} rows.");
            }

            if (run > 0)
            {
                times.Add(elapsed);
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {source.Name} run {run}{(run == 0 ? " (warm-up)" : string.Empty)}: {Report.Ms(elapsed)}"));
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
