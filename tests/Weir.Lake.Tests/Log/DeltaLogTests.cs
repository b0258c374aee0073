using Weir.Testing;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Lake.Storage;
using Weir.Lake.Tests.TestSupport;

namespace Weir.Lake.Tests.Log;

/// <summary>Time travel, history, errors and partition values, on the conformance tables.</summary>
public sealed class DeltaLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DeltaLog Open(string table) => new(new LocalObjectStore(SharedData.DeltaRsTables), table);

    [Fact]
    public async Task LoadSnapshotAsync_SpecialCharacterPartitions_DecodesPathsButNotValues()
    {
        var snapshot = await Open("delta-0.8.0-special-partition").LoadSnapshotAsync(Ct);

        var files = snapshot.Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        files.Select(f => PartitionValue.Parse(f.PartitionValues["x"], "string")).ShouldBe(["A/A", "B B"]);
        files.Select(f => DeltaPath.Decode(f.Path).Split('/')[0]).ShouldBe(["x=A%2FA", "x=B%20B"]);
        files.ShouldAllBe(f => File.Exists(Path.Combine(SharedData.DeltaRsTables, "delta-0.8.0-special-partition", DeltaPath.Decode(f.Path))));
    }

    [Fact]
    public async Task LoadSnapshotAsync_NullPartition_ParsesAsNull()
    {
        var snapshot = await Open("delta-0.8.0-null-partition").LoadSnapshotAsync(Ct);

        var values = snapshot.Files.Select(f => PartitionValue.Parse(f.PartitionValues["k"], "string")).ToList();
        values.Count.ShouldBe(2);
        values.ShouldContain("A");
        values.ShouldContain((object?)null);
        snapshot.Files.Single(f => f.PartitionValues["k"] is null).Path.ShouldStartWith("k=" + PartitionValue.HiveDefaultPartition);
    }

    [Fact]
    public async Task LoadSnapshotAsync_NumericPartitions_ParseAsSchemaTypes()
    {
        var snapshot = await Open("delta-0.8.0-numeric-partition").LoadSnapshotAsync(Ct);
        var schema = TableSchema.Parse(snapshot.Metadata.SchemaString);

        var values = snapshot.Files
            .Select(f => (X: PartitionValue.Parse(f.PartitionValues["x"], schema.Find("x")!.Type),
                Y: PartitionValue.Parse(f.PartitionValues["y"], schema.Find("y")!.Type)))
            .OrderBy(v => (long)v.X!).ToList();

        values.ShouldBe([(9L, 9.9), (10L, 10.0)]);
        snapshot.Metadata.PartitionColumns.ShouldBe(["x", "y"]);
    }

    [Fact]
    public async Task LoadSnapshotAsync_IntegerPartitions_ParseAsInt32()
    {
        var snapshot = await Open("delta-2.2.0-partitioned-types").LoadSnapshotAsync(Ct);

        var values = snapshot.Files.Select(f => (PartitionValue.Parse(f.PartitionValues["c1"], "integer"), f.PartitionValues["c2"])).OrderBy(v => v.Item2).ToList();

        values.ShouldBe([((object?)6, "a"), (5, "b"), (4, "c")]);
    }

    [Fact]
    public async Task LoadSnapshotAsync_InCommitTimestamps_TimestampIsInCommitTimestamp()
    {
        var log = Open("cdc_ict_table");

        var snapshot = await log.LoadSnapshotAsync(1, Ct);

        snapshot.Timestamp.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1683874206883));
    }

    [Fact]
    public async Task LoadSnapshotAtAsync_InCommitTimestamp_FindsVersionByIt()
    {
        var log = Open("cdc_ict_table");

        var snapshot = await log.LoadSnapshotAtAsync(DateTimeOffset.FromUnixTimeMilliseconds(1783874212175), Ct);

        snapshot.Version.ShouldBe(2);
    }

    [Fact]
    public async Task LoadSnapshotAtAsync_BeforeEarliestCommit_ThrowsNamingEarliestTime()
    {
        var log = Open("simple_table");
        var history = await log.GetHistoryAsync(cancellationToken: Ct);
        var earliest = history[^1].Timestamp;

        var error = await Should.ThrowAsync<DeltaLogException>(() => log.LoadSnapshotAtAsync(earliest.AddDays(-1), Ct));

        error.Message.ShouldContain("earliest available is version 0");
        error.Message.ShouldContain(earliest.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task LoadSnapshotAtAsync_AfterLatestCommit_ReturnsLatest()
    {
        var snapshot = await Open("simple_table").LoadSnapshotAtAsync(DateTimeOffset.MaxValue, Ct);

        snapshot.Version.ShouldBe(4);
    }

    [Fact]
    public async Task LoadSnapshotAsync_VersionAfterLatest_ThrowsNamingLatest()
    {
        var error = await Should.ThrowAsync<DeltaLogException>(() => Open("simple_table").LoadSnapshotAsync(99, Ct));

        error.Message.ShouldContain("Version 99");
        error.Message.ShouldContain("latest version is 4");
    }

    [Fact]
    public async Task LoadSnapshotAsync_VacuumedLog_ThrowsNamingEarliestLoadableVersion()
    {
        var log = Open("checkpoints_vacuumed");

        var error = await Should.ThrowAsync<DeltaLogException>(() => log.LoadSnapshotAsync(3, Ct));

        error.Message.ShouldContain("log entries were removed");
        error.Message.ShouldContain("earliest version that can be loaded is 5");
        (await log.LoadSnapshotAsync(5, Ct)).Version.ShouldBe(5);
    }

    [Fact]
    public async Task LoadSnapshotAsync_NoTable_ThrowsNoTable()
    {
        using var folder = new TempFolder();
        var log = new DeltaLog(new LocalObjectStore(folder.Path), "missing");

        (await log.ExistsAsync(Ct)).ShouldBeFalse();
        var error = await Should.ThrowAsync<DeltaLogException>(() => log.LoadSnapshotAsync(Ct));

        error.Message.ShouldContain("There is no Delta table");
    }

    [Fact]
    public async Task LoadSnapshotAsync_VersionBeforeReaderUpgrade_Loads()
    {
        var log = Open("delta-live-table");

        var snapshot = await log.LoadSnapshotAsync(0, Ct);

        snapshot.Protocol.MinReaderVersion.ShouldBe(1);
        await Should.ThrowAsync<UnsupportedTableFeatureException>(() => log.LoadSnapshotAsync(1, Ct));
    }

    [Fact]
    public async Task LoadSnapshotAsync_ReaderVersion3WithoutReaderFeatures_LoadsUntilAFeatureIsAdded()
    {
        var log = Open("table_with_deletion_logs");

        var snapshot = await log.LoadSnapshotAsync(1, Ct);

        snapshot.Protocol.MinReaderVersion.ShouldBe(3);
        snapshot.Protocol.ReaderFeatures.ShouldNotBeNull().ShouldBeEmpty();
        var error = await Should.ThrowAsync<UnsupportedTableFeatureException>(() => log.LoadSnapshotAsync(2, Ct));
        error.Features.ShouldBe(["deletionVectors"]);
        error.Message.ShouldContain("at version 2");
    }

    [Fact]
    public async Task LoadSnapshotAsync_UnknownReaderVersion_NamesVersionAndFeatures()
    {
        var error = await Should.ThrowAsync<UnsupportedTableFeatureException>(() => Open("simple_table_features").LoadSnapshotAsync(Ct));

        error.Features.ShouldBe(["reader version 5", "columnMapping", "blahabl", "deletionVectors", "v2Checkpoint"]);
    }

    [Fact]
    public async Task LoadSnapshotAsync_StaleLastCheckpoint_UsesNewestCheckpoint()
    {
        var snapshot = await Open("table_failed_last_checkpoint_update").LoadSnapshotAsync(Ct);

        snapshot.Version.ShouldBe(3);
        snapshot.Files.Count.ShouldBe(ExpectedFileCount("table_failed_last_checkpoint_update", 3));
    }

    [Fact]
    public async Task GetHistoryAsync_Table_ListsCommitsNewestFirstWithOperations()
    {
        var history = await Open("simple_table").GetHistoryAsync(cancellationToken: Ct);

        history.Select(h => h.Version).ShouldBe([4L, 3, 2, 1, 0]);
        history.Select(h => h.Operation).ShouldBe(["DELETE", "UPDATE", "WRITE", "MERGE", "WRITE"]);
    }

    [Fact]
    public async Task GetHistoryAsync_Limit_ReturnsNewestEntriesWithMetrics()
    {
        var history = await Open("cdc_ict_table").GetHistoryAsync(2, Ct);

        history.Count.ShouldBe(2);
        history[0].Version.ShouldBe(3);
        history[0].Operation.ShouldBe("UPDATE");
        history[0].Timestamp.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1783874213881));
        history[0].EngineInfo.ShouldNotBeNull().ShouldContain("Delta-Lake");
        history[1].OperationMetrics.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task LoadSnapshotAtAsync_WeirTable_UsesCommitFileTimes()
    {
        using var lake = new LakeFixture();
        var table = await lake.CreateAsync();
        var snapshot = await table.LoadSnapshotAsync(Ct);
        for (var i = 0; i < 3; i++)
        {
            var tx = table.BeginTransaction(snapshot);
            tx.Add(await lake.WriteFileAsync("t", $"f{i}.parquet"));
            snapshot = (await tx.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        }

        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var version = 0; version <= 3; version++)
        {
            File.SetLastWriteTimeUtc(lake.PathOf($"t/_delta_log/{version:D20}.json"), t0.AddHours(version));
        }

        (await table.Log.LoadSnapshotAtAsync(new DateTimeOffset(t0.AddHours(1)), Ct)).Version.ShouldBe(1);
        var atTwo = await table.Log.LoadSnapshotAtAsync(new DateTimeOffset(t0.AddHours(2.5)), Ct);
        atTwo.Version.ShouldBe(2);
        atTwo.Files.Count.ShouldBe(2);
        atTwo.Timestamp.ShouldBe(new DateTimeOffset(t0.AddHours(2)));
        var error = await Should.ThrowAsync<DeltaLogException>(() => table.Log.LoadSnapshotAtAsync(new DateTimeOffset(t0.AddMinutes(-1)), Ct));
        error.Message.ShouldContain("2024-01-01T00:00:00.0000000+00:00");
    }

    private static int ExpectedFileCount(string table, long version) =>
        JsonReplay.Replay(Path.Combine(SharedData.DeltaRsTables, table), version).Files.Count;
}
