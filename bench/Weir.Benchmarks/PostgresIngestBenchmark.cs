using Weir.Testing;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.DuckDb.Lake;
using Weir.Graph;
using Weir.Project;

namespace Weir.Benchmarks;

/// <summary>
/// Incremental pull from PostgreSQL: 1M changed rows of a <c>kind: postgres</c> incremental source (cursor
/// <c>updated_at</c>, primary key <c>id</c>) read, staged and merged into the lake by Weir (DuckDbAssetBuilder with
/// LakeTables), versus a plain Npgsql read of the same rows (<c>SELECT * … WHERE updated_at &gt;= @w</c>, every column of
/// every row through the reader) in the same run. Target: Weir at ≥ 0.7× the plain read's rows per second.
/// Before each run every row is updated (not timed), vacuumed and checkpointed, so each run merges 1M changed rows and
/// no background write of PostgreSQL's lands in one side's timing more than the other's; Weir and the plain read then
/// run on the same table state, in alternating order. A third, informative figure times a staging loop alone (read +
/// DuckDB.NET's appender into a temp table), so the merge's share is about Weir minus staging.
/// </summary>
internal static class PostgresIngestBenchmark
{
    private const int Runs = 9;

    public static async Task RunAsync(int rows = 1_000_000)
    {
        var folder = Path.Combine(Path.GetTempPath(), "weir-bench", "pg-ingest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            // A benchmark server: enough shared buffers to hold the table, no fsync, no autovacuum racing the timed runs.
            await using var server = await PostgresProcess.StartAsync(
                "weir-bench", "-c max_connections=20 -c shared_buffers=512MB -c TimeZone=UTC -c autovacuum=off", stopMode: "fast");
            var connectionString = server.ConnectionString + ";Command Timeout=0";
            await using var pg = NpgsqlDataSource.Create(connectionString);
            await ExecuteAsync(pg, "CREATE TABLE t (id bigint PRIMARY KEY, customer_id int, amount numeric(12,2), status text, updated_at timestamp)");
            await ExecuteAsync(pg, string.Create(CultureInfo.InvariantCulture, $"""
                INSERT INTO t
                SELECT i, ((i * 7919) % 100003)::int, round((random() * 500)::numeric, 2), (ARRAY['new', 'paid', 'shipped', 'returned'])[i % 4 + 1],
                       timestamp '2026-01-01' + make_interval(secs => i % 86400)
                FROM generate_series(1::bigint, {rows}) AS s(i)
                """));
            await ExecuteAsync(pg, "VACUUM ANALYZE t");

            var options = new DuckDbEngineOptions { DatabasePath = Path.Combine(folder, "w.duckdb") };
            await using var engine = await DuckDbEngine.OpenAsync(options);
            var source = new SourceSpec
            {
                Name = "bench_pg_orders",
                Location = new SourceLocation("sources/bench.yaml", 1),
                Format = SourceFormat.Postgres,
                Path = string.Empty,
                Connection = connectionString,
                Table = "t",
                Mode = SourceLoadMode.Incremental,
                Cursor = "updated_at",
                PrimaryKey = ["id"],
            };
            var node = new AssetNode(source, [], []);
            var lake = new LakeTables(new LakeSettings { Root = Path.Combine(folder, "lake") });
            var builder = new DuckDbAssetBuilder(engine, folder, lake);
            var initial = await builder.BuildAsync(node);
            Expect(initial.Rows, rows, "the initial load");

            // Weir's session connection is internal: the staging figure uses its own in-memory DuckDB (temp tables are in memory either way).
            using var duckDb = new DuckDBConnection("DataSource=:memory:");
            await duckDb.OpenAsync();
            var weirTimes = new List<TimeSpan>();
            var plainTimes = new List<TimeSpan>();
            var stageTimes = new List<TimeSpan>();
            var mark = DateTime.MinValue;
            for (var run = 0; run <= Runs; run++)
            {
                // Not timed: change every row (one transaction, so one new updated_at), then vacuum so that no timed read
                // pays for hint bits or dead tuples the other does not.
                mark = await ChangeAllRowsAsync(pg, mark);
                await ExecuteAsync(pg, "VACUUM ANALYZE t");
                await ExecuteAsync(pg, "CHECKPOINT");

                var plainFirst = run % 2 == 1;
                var plain = plainFirst ? await TimePlainReadAsync(pg, mark, rows) : TimeSpan.Zero;
                var clock = Stopwatch.StartNew();
                var result = await builder.BuildAsync(node);
                var weir = clock.Elapsed;
                Expect(ReadCount(result.Action), rows, "the incremental load: " + result.Action);
                if (!plainFirst)
                {
                    plain = await TimePlainReadAsync(pg, mark, rows);
                }

                clock.Restart();
                var staged = await StageAsync(pg, duckDb, mark);
                var stage = clock.Elapsed;
                Expect(staged, rows, "the staging read");

                if (run > 0)
                {
                    weirTimes.Add(weir);
                    plainTimes.Add(plain);
                    stageTimes.Add(stage);
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  postgres run {run}{(run == 0 ? " (warm-up)" : string.Empty)}: Weir {Report.Ms(weir)}, plain read {Report.Ms(plain)}, staging {Report.Ms(stage)}"));
            }

            var perRun = weirTimes.Select((w, i) => plainTimes[i] / w).Order().ToList();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  postgres: per-run ratio median {perRun[perRun.Count / 2]:F2}× (range {perRun[0]:F2}–{perRun[^1]:F2}×), Weir {Report.Ms(weirTimes.Min())}–{Report.Ms(weirTimes.Max())}, plain read {Report.Ms(plainTimes.Min())}–{Report.Ms(plainTimes.Max())}"));
            var weirMedian = Median(weirTimes);
            var plainMedian = Median(plainTimes);
            var stageMedian = Median(stageTimes);
            var weirRate = rows / weirMedian.TotalSeconds;
            var plainRate = rows / plainMedian.TotalSeconds;
            var stageRate = rows / stageMedian.TotalSeconds;
            var ratio = weirRate / plainRate;
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"incremental pull of {rows:N0} changed PostgreSQL rows into the lake"),
                string.Create(CultureInfo.InvariantCulture, $"{weirRate:N0} rows/s ({Report.Ms(weirMedian)})"),
                string.Create(CultureInfo.InvariantCulture, $"{plainRate:N0} rows/s ({Report.Ms(plainMedian)}, plain Npgsql read)"),
                ratio,
                "≥ 0.7× plain read rows/s",
                ratio >= 0.7);
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"  of which staging {rows:N0} rows (read + DuckDB appender, no merge)"),
                string.Create(CultureInfo.InvariantCulture, $"{stageRate:N0} rows/s ({Report.Ms(stageMedian)}; merge ≈ {Report.Ms(weirMedian - stageMedian)})"),
                string.Create(CultureInfo.InvariantCulture, $"{plainRate:N0} rows/s ({Report.Ms(plainMedian)}, plain Npgsql read)"),
                stageRate / plainRate,
                "informative",
                true);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<TimeSpan> TimePlainReadAsync(NpgsqlDataSource pg, DateTime mark, long rows)
    {
        var clock = Stopwatch.StartNew();
        var plainRows = await PlainReadAsync(pg, mark);
        var plain = clock.Elapsed;
        Expect(plainRows, rows, "the plain read");
        return plain;
    }

    /// <summary>Sets every row's <c>updated_at</c> past <paramref name="previous"/>; returns the new value.</summary>
    private static async Task<DateTime> ChangeAllRowsAsync(NpgsqlDataSource pg, DateTime previous)
    {
        await using var command = pg.CreateCommand("UPDATE t SET updated_at = localtimestamp, amount = amount + 0.01");
        await command.ExecuteNonQueryAsync();
        await using var max = pg.CreateCommand("SELECT max(updated_at) FROM t");
        var mark = (DateTime)(await max.ExecuteScalarAsync())!;
        if (mark <= previous)
        {
            throw new InvalidOperationException($"updated_at did not advance: {mark:O} after {previous:O}");
        }

        return mark;
    }

    /// <summary>The baseline: the changed rows through Npgsql's reader, every column read with its typed getter.</summary>
    private static async Task<long> PlainReadAsync(NpgsqlDataSource pg, DateTime mark)
    {
        await using var command = pg.CreateCommand("SELECT * FROM t WHERE updated_at >= @w");
        command.Parameters.AddWithValue("w", mark);
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        long checksum = 0;
        while (await reader.ReadAsync())
        {
            var id = reader.GetInt64(0);
            var customer = reader.IsDBNull(1) ? 0 : reader.GetInt32(1);
            var amount = reader.IsDBNull(2) ? 0m : reader.GetDecimal(2);
            var status = reader.IsDBNull(3) ? string.Empty : reader.GetString(3);
            var at = reader.IsDBNull(4) ? default : reader.GetDateTime(4);
            checksum += id + customer + (long)amount + status.Length + at.Ticks % 7;
            rows++;
        }

        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>
    /// A staging step alone: each value read with its typed getter and appended to a DuckDB temp table with DuckDB.NET's
    /// appender, unboxed; no merge, no lake. (Weir's reader writes into DuckDB's vectors directly instead.)
    /// </summary>
    private static async Task<long> StageAsync(NpgsqlDataSource pg, DuckDBConnection duckDb, DateTime mark)
    {
        using (var create = duckDb.CreateCommand())
        {
            create.CommandText = "CREATE OR REPLACE TEMP TABLE bench_stage (id BIGINT, customer_id INTEGER, amount DECIMAL(12,2), status VARCHAR, updated_at TIMESTAMP)";
            await create.ExecuteNonQueryAsync();
        }

        await using var command = pg.CreateCommand("SELECT * FROM t WHERE updated_at >= @w");
        command.Parameters.AddWithValue("w", mark);
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        using (var appender = duckDb.CreateAppender("bench_stage"))
        {
            while (await reader.ReadAsync())
            {
                var row = appender.CreateRow();
                _ = reader.IsDBNull(0) ? row.AppendNullValue() : row.AppendValue(reader.GetInt64(0));
                _ = reader.IsDBNull(1) ? row.AppendNullValue() : row.AppendValue(reader.GetInt32(1));
                _ = reader.IsDBNull(2) ? row.AppendNullValue() : row.AppendValue(reader.GetDecimal(2));
                _ = reader.IsDBNull(3) ? row.AppendNullValue() : row.AppendValue(reader.GetString(3));
                _ = reader.IsDBNull(4) ? row.AppendNullValue() : row.AppendValue(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Unspecified));
                row.EndRow();
                rows++;
            }
        }

        using (var drop = duckDb.CreateCommand())
        {
            drop.CommandText = "DROP TABLE bench_stage";
            await drop.ExecuteNonQueryAsync();
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource pg, string sql)
    {
        await using var command = pg.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Rows read, from the build's action text ("merged N rows of M rows read from PostgreSQL …").</summary>
    private static long ReadCount(string action)
    {
        var of = action.IndexOf(" of ", StringComparison.Ordinal);
        var end = of < 0 ? -1 : action.IndexOf(" row", of + 4, StringComparison.Ordinal);
        return end < 0 ? -1 : long.Parse(action[(of + 4)..end], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private static void Expect(long? actual, long expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what}: {actual} rows, expected {expected}.");
        }
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }
}
