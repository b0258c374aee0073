using System.Diagnostics;
using System.Globalization;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Lake.Log;
using Weir.Project;

namespace Weir.Benchmarks;

/// <summary>
/// Time travel: a table of 100 append commits (1,000 rows each, a checkpoint every 10 commits), read at version 1
/// (load the snapshot, build the scan, count its rows through DuckDB) versus the same at the latest version.
/// Target: version 1 in under 200 ms.
/// </summary>
internal static class LakeTimeTravelBenchmark
{
    private const int Commits = 100;
    private const int RowsPerCommit = 1_000;

    public static async Task RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "weir-bench", "lake-travel-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var lake = new LakeTables(new LakeSettings { Root = folder });
            var asset = new ModelSpec
            {
                Name = "events",
                Location = new SourceLocation("models/events.sql", 1),
                Sql = "select 1",
                SqlFile = "models/events.sql",
                Zone = LakeZone.Curated,
            };
            await using var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());
            await using var session = await engine.OpenSessionAsync();
            for (var i = 0; i < Commits; i++)
            {
                var select = string.Create(CultureInfo.InvariantCulture, $"""
                    select r as id, r % 97 as customer_id, 'event ' || r as note
                    from range({i * RowsPerCommit}, {(i + 1) * RowsPerCommit}) t(r)
                    """);
                await lake.WriteAsync(session, asset, select, LakeWriteMode.Append);
            }

            var latestVersion = await new DeltaLog(lake.Store, LakeTables.TablePath(asset)).LatestVersionAsync();
            var checkpoints = Directory.GetFiles(Path.Combine(lake.TableFolder(asset), "_delta_log"), "*.checkpoint.parquet").Length;
            var loadFirst = new List<TimeSpan>();
            var loadLatest = new List<TimeSpan>();
            var (first, latest) = await Measure.PairedMedianAsync(
                21,
                async () => await ReadAsync(lake, asset, session, 1, RowsPerCommit, loadFirst),
                async () => await ReadAsync(lake, asset, session, null, Commits * RowsPerCommit, loadLatest));
            var name = string.Create(
                CultureInfo.InvariantCulture,
                $"time travel: version 1 of a {Commits}-commit table "
                + $"(checkpoint every 10; {checkpoints} checkpoints, latest v{latestVersion})");
            var baseline = string.Create(CultureInfo.InvariantCulture, $" (latest version, {Commits * RowsPerCommit:N0} rows, same path)");
            Report.Row(
                name,
                Report.Ms(first),
                Report.Ms(latest) + baseline,
                latest / first,
                "< 200 ms",
                first < TimeSpan.FromMilliseconds(200));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"|   of which snapshot load (v1 / latest) | {Report.Ms(Median(loadFirst))} | {Report.Ms(Median(loadLatest))} | | | |"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Loads the snapshot (a fresh log reader, as a new query would), builds the scan and counts its rows.</summary>
    private static async Task ReadAsync(
        LakeTables lake, ModelSpec asset, ISqlSession session, long? version, long expected, List<TimeSpan> loads)
    {
        var clock = Stopwatch.StartNew();
        var log = new DeltaLog(lake.Store, LakeTables.TablePath(asset));
        var snapshot = version is { } v ? await log.LoadSnapshotAsync(v) : await log.LoadSnapshotAsync();
        loads.Add(clock.Elapsed);
        var scan = DeltaScanBuilder.Build(snapshot, lake.TableFolder(asset));
        var count = Convert.ToInt64(await session.ScalarAsync($"select count(*) from ({scan.Sql})"), CultureInfo.InvariantCulture);
        if (count != expected)
        {
            var at = version?.ToString(CultureInfo.InvariantCulture) ?? "latest";
            throw new InvalidOperationException($"Read {count} rows at version {at}, expected {expected}.");
        }
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
