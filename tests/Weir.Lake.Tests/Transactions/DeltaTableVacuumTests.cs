using Weir.Lake.Tests.TestSupport;
using Weir.Lake.Transactions;

namespace Weir.Lake.Tests.Transactions;

public sealed class DeltaTableVacuumTests : IDisposable
{
    private readonly LakeFixture _lake = new();

    public DeltaTableVacuumTests()
    {
        Start = _lake.Time.GetUtcNow();
    }

    public void Dispose() => _lake.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Start { get; }

    /// <summary>
    /// live.parquet (live), r1.parquet (removed at start+1min), r2.parquet (removed at start+10d), orphans old and new,
    /// hidden files; the clock ends at start+10d+1min; every file is as old as the start unless said otherwise.
    /// </summary>
    private async Task<DeltaTable> BuildAsync(IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var table = await _lake.CreateAsync(configuration: configuration);
        var tx = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        foreach (var name in new[] { "live.parquet", "r1.parquet", "r2.parquet" })
        {
            tx.Add(await _lake.WriteFileAsync("t", name));
        }

        var snapshot = (await tx.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        _lake.Time.Advance(TimeSpan.FromMinutes(1));
        var remove1 = table.BeginTransaction(snapshot);
        remove1.Remove(snapshot.Files.Single(f => f.Path == "r1.parquet"));
        snapshot = (await remove1.CommitAsync("DELETE", cancellationToken: Ct)).Snapshot;
        _lake.Time.Advance(TimeSpan.FromDays(10));
        var remove2 = table.BeginTransaction(snapshot);
        remove2.Remove(snapshot.Files.Single(f => f.Path == "r2.parquet"));
        await remove2.CommitAsync("DELETE", cancellationToken: Ct);
        _lake.Time.Advance(TimeSpan.FromMinutes(1));

        foreach (var key in new[] { "t/orphan-old.parquet", "t/part=A/orphan.parquet", "t/orphan-new.parquet", "t/_tmp/x.parquet", "t/.hidden.parquet", "t/part=A/.f.crc" })
        {
            await _lake.Store.PutAsync(key, new byte[5], Ct);
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(_lake.Root, "t"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, Start.UtcDateTime);
        }

        File.SetLastWriteTimeUtc(_lake.PathOf("t/orphan-new.parquet"), _lake.Time.GetUtcNow().UtcDateTime);
        return table;
    }

    [Fact]
    public async Task VacuumAsync_DefaultRetention_DeletesOnlyUnreferencedFilesOlderThanSevenDays()
    {
        var table = await BuildAsync();
        var logFiles = Directory.GetFiles(Path.Combine(_lake.Root, "t", "_delta_log"));

        var result = await table.VacuumAsync(cancellationToken: Ct);

        result.Files.ShouldBe(["orphan-old.parquet", "part=A/orphan.parquet", "r1.parquet"]);
        result.Bytes.ShouldBe(5 + 5 + new FileInfo(_lake.PathOf("t/r2.parquet")).Length);
        result.DryRun.ShouldBeFalse();
        File.Exists(_lake.PathOf("t/r1.parquet")).ShouldBeFalse();
        File.Exists(_lake.PathOf("t/orphan-old.parquet")).ShouldBeFalse();
        foreach (var kept in new[] { "live.parquet", "r2.parquet", "orphan-new.parquet", "_tmp/x.parquet", ".hidden.parquet", "part=A/.f.crc" })
        {
            File.Exists(_lake.PathOf("t/" + kept)).ShouldBeTrue(kept);
        }

        Directory.GetFiles(Path.Combine(_lake.Root, "t", "_delta_log")).ShouldBe(logFiles);
        (await table.LoadSnapshotAsync(Ct)).Files.Select(f => f.Path).ShouldBe(["live.parquet"]);
    }

    [Fact]
    public async Task VacuumAsync_DryRun_ListsWithoutDeleting()
    {
        var table = await BuildAsync();

        var result = await table.VacuumAsync(dryRun: true, cancellationToken: Ct);

        result.DryRun.ShouldBeTrue();
        result.Files.ShouldBe(["orphan-old.parquet", "part=A/orphan.parquet", "r1.parquet"]);
        result.Files.ShouldAllBe(f => File.Exists(_lake.PathOf("t/" + f)));
    }

    [Fact]
    public async Task VacuumAsync_ZeroRetention_DeletesEveryUnreferencedFileButNoLiveOne()
    {
        var table = await BuildAsync();

        var result = await table.VacuumAsync(TimeSpan.Zero, cancellationToken: Ct);

        result.Files.ShouldBe(["orphan-new.parquet", "orphan-old.parquet", "part=A/orphan.parquet", "r1.parquet", "r2.parquet"]);
        File.Exists(_lake.PathOf("t/live.parquet")).ShouldBeTrue();
    }

    [Fact]
    public async Task VacuumAsync_TableRetentionProperty_IsTheDefault()
    {
        var table = await BuildAsync(new Dictionary<string, string?> { ["delta.deletedFileRetentionDuration"] = "interval 30 seconds" });

        var result = await table.VacuumAsync(cancellationToken: Ct);

        result.Files.ShouldContain("r2.parquet");
        result.Files.ShouldNotContain("orphan-new.parquet");
    }

    [Fact]
    public async Task VacuumAsync_NegativeRetention_Throws()
    {
        var table = await _lake.CreateAsync();

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => table.VacuumAsync(TimeSpan.FromHours(-1), cancellationToken: Ct));
    }
}
