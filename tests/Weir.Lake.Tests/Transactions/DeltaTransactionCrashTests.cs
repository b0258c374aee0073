using Weir.Lake.Protocol;
using Weir.Lake.Tests.TestSupport;
using Weir.Lake.Transactions;

namespace Weir.Lake.Tests.Transactions;

/// <summary>
/// Commits from child processes that are SIGKILLed at random points, and from two processes racing: the table must
/// always be at a committed version with exactly the files its log says, and lose nothing.
/// </summary>
public sealed class DeltaTransactionCrashTests : IDisposable
{
    private readonly LakeFixture _lake = new();

    public void Dispose() => _lake.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CommitAsync_WriterKilledAtRandomPoints_EveryVersionLoadsAndVacuumRemovesOrphans()
    {
        const int Batches = 50;
        var table = await _lake.CreateAsync();
        var random = new Random(20261126);
        var kills = 0;

        // One guaranteed crash between writing a data file and committing it: an orphan only vacuum can remove.
        using (var hung = CrashWriterProcess.Start(_lake.Root, "t", "w", Batches, "--hang-after-write"))
        {
            (await hung.ReadLineAsync(Ct)).ShouldBe("ready");
            (await hung.ReadLineAsync(Ct)).ShouldBe("hanging");
            await hung.KillAsync(Ct);
            kills++;
        }

        for (var i = 0; i < 6; i++)
        {
            using var writer = CrashWriterProcess.Start(_lake.Root, "t", "w", Batches, "--pause-ms", "8");
            (await writer.ReadLineAsync(Ct)).ShouldBe("ready");
            await Task.Delay(random.Next(0, 100), Ct);
            if (!writer.HasExited)
            {
                await writer.KillAsync(Ct);
                kills++;
            }
        }

        using (var last = CrashWriterProcess.Start(_lake.Root, "t", "w", Batches))
        {
            await last.WaitForSuccessAsync(TimeSpan.FromSeconds(60), Ct);
        }

        kills.ShouldBeGreaterThan(1);
        var latest = await table.LoadSnapshotAsync(Ct);
        latest.Version.ShouldBe(Batches);
        latest.AppVersions["w"].ShouldBe(Batches);
        for (var version = 0; version <= Batches; version++)
        {
            var snapshot = await table.Log.LoadSnapshotAsync(version, Ct);
            snapshot.Files.Count.ShouldBe(version, $"one file per committed batch at version {version}");
        }

        var live = latest.Files.Select(f => DeltaPath.Decode(f.Path)).Order(StringComparer.Ordinal).ToList();
        live.ShouldBe(JsonReplay.Replay(Path.Combine(_lake.Root, "t"), Batches).Files.Keys.Order(StringComparer.Ordinal));
        live.ShouldAllBe(path => File.Exists(_lake.PathOf("t/" + path)));
        var orphans = DataFiles().Except(live).ToList();
        orphans.ShouldNotBeEmpty();

        // The files carry the machine's clock, not the fixture's fake one: vacuum on the system clock.
        var onSystemClock = await DeltaTable.OpenAsync(_lake.Store, "t", cancellationToken: Ct);
        var vacuum = await onSystemClock.VacuumAsync(TimeSpan.Zero, cancellationToken: Ct);

        vacuum.Files.ShouldBe(orphans);
        DataFiles().ShouldBe(live);
    }

    [Fact]
    public async Task CommitAsync_TwoWriterProcesses_AllCommitsAndFilesLand()
    {
        const int Batches = 100;
        var table = await _lake.CreateAsync();

        using var a = CrashWriterProcess.Start(_lake.Root, "t", "a", Batches);
        using var b = CrashWriterProcess.Start(_lake.Root, "t", "b", Batches);
        await Task.WhenAll(a.WaitForSuccessAsync(TimeSpan.FromSeconds(120), Ct), b.WaitForSuccessAsync(TimeSpan.FromSeconds(120), Ct));

        var snapshot = await table.LoadSnapshotAsync(Ct);
        snapshot.Version.ShouldBe(2 * Batches);
        snapshot.AppVersions["a"].ShouldBe(Batches);
        snapshot.AppVersions["b"].ShouldBe(Batches);
        snapshot.Files.Count.ShouldBe(2 * Batches);
        snapshot.Files.ShouldAllBe(f => File.Exists(_lake.PathOf("t/" + DeltaPath.Decode(f.Path))));
        var history = await table.Log.GetHistoryAsync(cancellationToken: Ct);
        history.Count(h => h.Operation == "WRITE").ShouldBe(2 * Batches);
        File.Exists(_lake.PathOf("t/_delta_log/00000000000000000200.checkpoint.parquet")).ShouldBeTrue();
        var jsonOnly = await table.Log.LoadSnapshotAsync(snapshot.Version, maxCheckpointVersion: -1, Ct);
        jsonOnly.Files.Select(f => f.Path).Order().ShouldBe(snapshot.Files.Select(f => f.Path).Order());
    }

    /// <summary>Non-hidden files under the table, outside _delta_log, as paths relative to the table.</summary>
    private List<string> DataFiles()
    {
        var folder = Path.Combine(_lake.Root, "t");
        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(s => s.StartsWith('_') || s.StartsWith('.')))
            .Order(StringComparer.Ordinal)];
    }
}
