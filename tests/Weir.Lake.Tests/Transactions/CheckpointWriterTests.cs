using Weir.Testing;
using Parquet;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Lake.Tests.TestSupport;
using Weir.Lake.Transactions;

namespace Weir.Lake.Tests.Transactions;

/// <summary>Checkpoints Weir writes (through commits at multiples of the interval): read back, structure, fallbacks.</summary>
public sealed class CheckpointWriterTests : IDisposable
{
    private readonly LakeFixture _lake = new();

    public void Dispose() => _lake.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string LogFile(string name) => _lake.PathOf("t/_delta_log/" + name);

    /// <summary>21 versions: partitioned adds (one null partition, tags), removes, txn, a property change at 7.</summary>
    private async Task<DeltaTable> BuildTableAsync()
    {
        var table = await _lake.CreateAsync(partitionColumns: ["part"]);
        var snapshot = await table.LoadSnapshotAsync(Ct);
        for (var version = 1; version <= 20; version++)
        {
            _lake.Time.Advance(TimeSpan.FromMinutes(1));
            var tx = table.BeginTransaction(snapshot);
            var part = version % 3 == 0 ? null : "p" + (version % 2);
            var add = await _lake.WriteFileAsync("t", $"{PartitionValue.ToPathSegment("part", part)}/f{version}.parquet", rows: version,
                partitionValues: new() { ["part"] = part });
            if (version % 4 == 0)
            {
                add.Tags = new Dictionary<string, string?> { ["INSERTION_TIME"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }

            tx.Add(add);
            if (version % 5 == 0)
            {
                tx.Remove(snapshot.Files[0]);
            }

            tx.SetAppVersion(version % 2 == 0 ? "even" : "odd", version);
            if (version == 7)
            {
                tx.UpdateMetadata(new MetadataAction
                {
                    Id = snapshot.Metadata.Id,
                    SchemaString = snapshot.Metadata.SchemaString,
                    PartitionColumns = snapshot.Metadata.PartitionColumns,
                    Configuration = new Dictionary<string, string?> { ["comment"] = "seven", ["delta.checkpointInterval"] = "10" },
                    CreatedTime = snapshot.Metadata.CreatedTime,
                });
            }

            snapshot = (await tx.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        }

        return table;
    }

    [Fact]
    public async Task Checkpoint_TransactionRetention_ForgetsApplicationsSilentForLongerAndKeepsTheRest()
    {
        var table = await _lake.CreateAsync(configuration: new Dictionary<string, string?>
        {
            ["delta.checkpointInterval"] = "3", ["delta.setTransactionRetentionDuration"] = "interval 2 hours",
        });
        var snapshot = await table.LoadSnapshotAsync(Ct);
        var start = _lake.Time.GetUtcNow();
        foreach (var (app, hoursLater) in new[] { ("old", 0), ("recent", 2), ("latest", 3) })
        {
            _lake.Time.Advance(start.AddHours(hoursLater) - _lake.Time.GetUtcNow());
            var tx = table.BeginTransaction(snapshot);
            tx.Add(await _lake.WriteFileAsync("t", $"{app}.parquet"));
            tx.SetAppVersion(app, 1);
            snapshot = (await tx.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        }

        // Version 3 checkpointed at start + 3h: "old" (3h silent) is past the 2-hour retention, "recent" (1h) is not.
        File.Exists(LogFile("00000000000000000003.checkpoint.parquet")).ShouldBeTrue();
        var fromCheckpoint = await table.Log.LoadSnapshotAsync(3, maxCheckpointVersion: 3, Ct);
        fromCheckpoint.AppVersions.Keys.Order(StringComparer.Ordinal).ShouldBe(["latest", "recent"]);
        fromCheckpoint.AppLastUpdated["recent"].ShouldBe(start.AddHours(2).ToUnixTimeMilliseconds());
        fromCheckpoint.Files.Count.ShouldBe(3);
        // The JSON commits still hold every txn: only checkpoints forget, as they do expired tombstones.
        (await table.Log.LoadSnapshotAsync(3, maxCheckpointVersion: -1, Ct)).AppVersions.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Checkpoint_WithoutTransactionRetention_KeepsEveryApplication()
    {
        var table = await _lake.CreateAsync(configuration: new Dictionary<string, string?> { ["delta.checkpointInterval"] = "2" });
        var snapshot = await table.LoadSnapshotAsync(Ct);
        foreach (var app in new[] { "a", "b" })
        {
            _lake.Time.Advance(TimeSpan.FromDays(400));
            var tx = table.BeginTransaction(snapshot);
            tx.Add(await _lake.WriteFileAsync("t", $"{app}.parquet"));
            tx.SetAppVersion(app, 7);
            snapshot = (await tx.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        }

        (await table.Log.LoadSnapshotAsync(2, maxCheckpointVersion: 2, Ct)).AppVersions.Keys.Order(StringComparer.Ordinal).ShouldBe(["a", "b"]);
    }

    [Fact]
    public async Task CommitAsync_Versions10And20_WriteCheckpointsEqualToJsonReplay()
    {
        var table = await BuildTableAsync();

        File.Exists(LogFile("00000000000000000010.checkpoint.parquet")).ShouldBeTrue();
        File.Exists(LogFile("00000000000000000020.checkpoint.parquet")).ShouldBeTrue();
        File.Exists(LogFile("00000000000000000015.checkpoint.parquet")).ShouldBeFalse();
        foreach (var version in new long[] { 10, 15, 20 })
        {
            var viaCheckpoint = await table.Log.LoadSnapshotAsync(version, maxCheckpointVersion: version, Ct);
            var viaJson = await table.Log.LoadSnapshotAsync(version, maxCheckpointVersion: -1, Ct);
            Describe(viaCheckpoint).ShouldBe(Describe(viaJson), $"version {version}");
        }

        var last = File.ReadAllText(LogFile("_last_checkpoint"));
        last.ShouldContain("\"version\":20");
        last.ShouldContain("\"size\":");
    }

    [Fact]
    public async Task LoadSnapshotAsync_CommitsBeforeCheckpointDeleted_StillReadsFromCheckpoint()
    {
        var table = await BuildTableAsync();
        var expected = Describe(await table.LoadSnapshotAsync(Ct));
        for (var version = 0; version < 10; version++)
        {
            File.Delete(LogFile($"{version:D20}.json"));
        }

        var snapshot = await table.LoadSnapshotAsync(Ct);

        Describe(snapshot).ShouldBe(expected);
        Describe(await table.Log.LoadSnapshotAsync(20, maxCheckpointVersion: 10, Ct)).ShouldBe(expected);
        (await table.Log.LoadSnapshotAsync(12, Ct)).Version.ShouldBe(12);
        var error = await Should.ThrowAsync<DeltaLogException>(() => table.Log.LoadSnapshotAsync(5, Ct));
        error.Message.ShouldContain("earliest version that can be loaded is 10");
    }

    [Fact]
    public async Task LoadSnapshotAsync_CorruptLastCheckpoint_StillReads()
    {
        var table = await BuildTableAsync();
        var expected = Describe(await table.LoadSnapshotAsync(Ct));
        File.WriteAllText(LogFile("_last_checkpoint"), "{not json");

        var snapshot = await table.LoadSnapshotAsync(Ct);

        Describe(snapshot).ShouldBe(expected);
    }

    [Fact]
    public async Task LoadSnapshotAsync_LastCheckpointPointsAtMissingCheckpoint_UsesNewestComplete()
    {
        var table = await BuildTableAsync();
        var expected = Describe(await table.LoadSnapshotAsync(Ct));
        File.WriteAllText(LogFile("_last_checkpoint"), """{"version":30,"size":3}""");
        File.Delete(LogFile("00000000000000000020.checkpoint.parquet"));

        Describe(await table.LoadSnapshotAsync(Ct)).ShouldBe(expected);
    }

    [Fact]
    public async Task LoadSnapshotAsync_CorruptCheckpoint_FallsBackToOlderOne()
    {
        var table = await BuildTableAsync();
        var expected = Describe(await table.LoadSnapshotAsync(Ct));
        File.WriteAllBytes(LogFile("00000000000000000020.checkpoint.parquet"), [1, 2, 3]);

        Describe(await table.LoadSnapshotAsync(Ct)).ShouldBe(expected);
    }

    [Fact]
    public async Task LoadSnapshotAsync_MultiPartCheckpoint_UsedOnlyWhenComplete()
    {
        var table = await BuildTableAsync();
        var expected = Describe(await table.LoadSnapshotAsync(Ct));
        var classic = LogFile("00000000000000000020.checkpoint.parquet");
        File.Move(classic, LogFile("00000000000000000020.checkpoint.0000000001.0000000002.parquet"));
        for (var version = 0; version <= 20; version++)
        {
            File.Delete(LogFile($"{version:D20}.json"));
        }

        // Part 2 of 2 is missing: the checkpoint is incomplete, so the newest version the log proves is 10.
        (await table.LoadSnapshotAsync(Ct)).Version.ShouldBe(10);
        await Should.ThrowAsync<DeltaLogException>(() => table.Log.LoadSnapshotAsync(20, Ct));

        // Both parts present (the second repeats the first: reconciliation makes that harmless).
        File.Copy(LogFile("00000000000000000020.checkpoint.0000000001.0000000002.parquet"),
            LogFile("00000000000000000020.checkpoint.0000000002.0000000002.parquet"));
        Describe(await table.LoadSnapshotAsync(Ct)).ShouldBe(expected);
    }

    [Fact]
    public async Task CheckpointAsync_ExpiredTombstone_IsLeftOut()
    {
        var table = await _lake.CreateAsync();
        var tx = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        tx.Add(await _lake.WriteFileAsync("t", "a.parquet"));
        tx.Add(await _lake.WriteFileAsync("t", "b.parquet"));
        var snapshot = (await tx.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        var remove = table.BeginTransaction(snapshot);
        remove.Remove(snapshot.Files[0]);
        snapshot = (await remove.CommitAsync("DELETE", cancellationToken: Ct)).Snapshot;
        _lake.Time.Advance(TimeSpan.FromDays(8));
        var remove2 = table.BeginTransaction(snapshot);
        remove2.Remove(snapshot.Files[0]);
        snapshot = (await remove2.CommitAsync("DELETE", cancellationToken: Ct)).Snapshot;

        await table.CheckpointAsync(snapshot, Ct);

        var viaCheckpoint = await table.Log.LoadSnapshotAsync(snapshot.Version, snapshot.Version, Ct);
        viaCheckpoint.Tombstones.Select(t => t.Path).ShouldBe(["b.parquet"]);
        snapshot.Tombstones.Select(t => t.Path).Order().ShouldBe(["a.parquet", "b.parquet"]);
    }

    [Fact]
    public async Task CheckpointAsync_ParquetLayout_MatchesSparkCheckpoints()
    {
        var table = await BuildTableAsync();
        var protocolWithFeatures = new ProtocolAction { MinReaderVersion = 3, MinWriterVersion = 7, ReaderFeatures = ["timestampNtz"], WriterFeatures = ["timestampNtz"] };
        var snapshot = await table.LoadSnapshotAsync(Ct);
        var featured = new Snapshot
        {
            Version = 99, Protocol = protocolWithFeatures, Metadata = snapshot.Metadata, Files = snapshot.Files,
            Tombstones = snapshot.Tombstones, AppVersions = snapshot.AppVersions,
        };
        await table.CheckpointAsync(featured, Ct);

        var ours = await LayoutAsync(LogFile("00000000000000000099.checkpoint.parquet"));
        var spark = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table2 in new[] { "simple_table_with_checkpoint/_delta_log/00000000000000000010", "checkpoint-cdf-table/_delta_log/00000000000000000003" })
        {
            foreach (var (path, layout) in await LayoutAsync(Path.Combine(SharedData.DeltaRsTables, table2 + ".checkpoint.parquet")))
            {
                spark.TryAdd(path, layout);
            }
        }

        ours.Keys.ShouldContain("add.partitionValues.key_value.key");
        ours.Keys.ShouldContain("protocol.readerFeatures.list.element");
        foreach (var (path, layout) in ours)
        {
            spark.ShouldContainKey(path);
            layout.ShouldBe(spark[path], path);
        }

        var reread = await table.Log.LoadSnapshotAsync(20, 20, Ct);
        reread.Files.Count.ShouldBe(snapshot.Files.Count);
    }

    /// <summary>Column path → repetition, physical type and converted type (Spark leaves the logical type out).</summary>
    private static async Task<Dictionary<string, string>> LayoutAsync(string file)
    {
        var reader = await ParquetReader.CreateAsync(file, cancellationToken: Ct);
        await using var readerScope = reader;
        var layout = new Dictionary<string, string>(StringComparer.Ordinal);
        var elements = reader.Metadata!.Schema;
        var index = 1;
        void Walk(string prefix, int children)
        {
            for (var i = 0; i < children; i++)
            {
                var element = elements[index++];
                var path = prefix.Length == 0 ? element.Name : prefix + "." + element.Name;
                // INT_32/INT_64 on INT32/INT64 only restates the physical type (Parquet.Net writes it, Spark does not).
                var converted = element.ConvertedType is Parquet.Meta.ConvertedType.INT_32 or Parquet.Meta.ConvertedType.INT_64
                    ? null
                    : element.ConvertedType;
                layout[path] = $"{element.RepetitionType} {element.Type} {converted}";
                Walk(path, element.NumChildren ?? 0);
            }
        }

        Walk(string.Empty, elements[0].NumChildren ?? 0);
        return layout;
    }

    /// <summary>Everything a snapshot holds, as comparable text (file order does not matter).</summary>
    private static List<string> Describe(Snapshot snapshot)
    {
        static string Map(IReadOnlyDictionary<string, string?>? map) =>
            map is null ? "null" : string.Join(",", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value ?? "<null>"}"));

        var m = snapshot.Metadata;
        var lines = new List<string>
        {
            $"version {snapshot.Version}",
            $"protocol {snapshot.Protocol.MinReaderVersion} {snapshot.Protocol.MinWriterVersion}",
            $"metadata {m.Id} {m.Name} {m.Description} {m.Format.Provider} [{Map(m.Format.Options!)}] {m.SchemaString} "
                + $"[{string.Join(",", m.PartitionColumns)}] [{Map(m.Configuration)}] {m.CreatedTime}",
        };
        lines.AddRange(snapshot.Files.Select(f =>
            $"add {f.Path} [{Map(f.PartitionValues)}] {f.Size} {f.ModificationTime} {f.DataChange} {f.Stats} [{Map(f.Tags)}]").Order(StringComparer.Ordinal));
        lines.AddRange(snapshot.Tombstones.Select(t =>
            $"remove {t.Path} {t.DeletionTimestamp} {t.DataChange} {t.ExtendedFileMetadata} [{Map(t.PartitionValues)}] {t.Size}").Order(StringComparer.Ordinal));
        // With the time of each application's last txn: checkpoints keep it (the retention below reads it).
        lines.AddRange(snapshot.AppVersions
            .Select(kv => $"txn {kv.Key} {kv.Value} at {(snapshot.AppLastUpdated.TryGetValue(kv.Key, out var at) ? at : "?")}")
            .Order(StringComparer.Ordinal));
        return lines;
    }
}
