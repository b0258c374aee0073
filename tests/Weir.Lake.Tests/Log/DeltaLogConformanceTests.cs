using Weir.Testing;
using Parquet;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Lake.Storage;
using Weir.Lake.Tests.TestSupport;

namespace Weir.Lake.Tests.Log;

/// <summary>
/// The reader against tables written by other Delta implementations (shared/data/delta-rs-tables): every table of
/// EXPECTED.tsv is read, refused naming its feature, or replayed log-only, and every version matches its log.
/// </summary>
public sealed class DeltaLogConformanceTests
{
    /// <summary>Tables Weir must refuse, with a feature the refusal must name.</summary>
    private static readonly Dictionary<string, string> s_refused = new(StringComparer.Ordinal)
    {
        ["cdf-table-with-cdc-and-dvs"] = "deletionVectors",
        ["checkpoint-v2-table"] = "v2Checkpoint",
        ["delta-live-table"] = "columnMapping",
        ["simple_table_features"] = "reader version 5",
        ["spark-shredded-variant-preview-delta"] = "variantType",
        ["spark-variant-checkpoint"] = "variantType-preview",
        ["spark-variant-stable-feature-checkpoint"] = "variantType",
        ["table-with-domain-metadata"] = "deletionVectors",
        ["table-with-dv-small"] = "deletionVectors",
        ["table_with_column_mapping"] = "columnMapping",
        ["table_with_deletion_logs"] = "deletionVectors",
        ["table_with_liquid_clustering"] = "deletionVectors",
        ["table_with_partitioning_mapping"] = "deletionVectors",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ReadableTables =>
        [.. ExpectedTable.All.Where(t => t.Rows is not null && !s_refused.ContainsKey(t.Name)).Select(t => t.Name)];

    public static TheoryData<string> LogOnlyTables =>
        [.. ExpectedTable.All.Where(t => t.Rows is null && !s_refused.ContainsKey(t.Name)).Select(t => t.Name)];

    public static TheoryData<string> RefusedTables => [.. s_refused.Keys];

    public static TheoryData<string> ReplayableTables => [.. ReadableTables.Concat(LogOnlyTables)];

    private static DeltaLog Open(string table) => new(new LocalObjectStore(SharedData.DeltaRsTables), table);

    [Fact]
    public void ExpectedTsv_EveryTable_HasOneCategory()
    {
        var names = ExpectedTable.All.Select(t => t.Name).ToList();

        names.Count.ShouldBeGreaterThan(40);
        s_refused.Keys.ShouldAllBe(name => names.Contains(name));
        foreach (var table in ExpectedTable.All)
        {
            var refused = s_refused.ContainsKey(table.Name);
            (refused && table.Rows is not null).ShouldBeFalse($"{table.Name} has expected rows but is listed as refused");
            (refused || Directory.Exists(Path.Combine(SharedData.DeltaRsTables, table.Name, "_delta_log"))).ShouldBeTrue(table.Name);
        }
    }

    [Theory]
    [MemberData(nameof(ReadableTables))]
    public async Task LoadSnapshotAsync_ReadableTable_HasExpectedVersionAndRowCount(string table)
    {
        var expected = ExpectedTable.Get(table);
        var log = Open(table);

        var snapshot = await log.LoadSnapshotAsync(Ct);

        snapshot.Version.ShouldBe(expected.Version!.Value);
        (await log.LatestVersionAsync(Ct)).ShouldBe(expected.Version!.Value);
        long rows = 0;
        foreach (var file in snapshot.Files)
        {
            var path = Path.Combine(SharedData.DeltaRsTables, table, DeltaPath.Decode(file.Path));
            File.Exists(path).ShouldBeTrue($"live file {file.Path} of {table}");
            var reader = await ParquetReader.CreateAsync(path, cancellationToken: Ct);
            await using var readerScope = reader;
            var fileRows = reader.Metadata!.NumRows;
            rows += fileRows;
            if (FileStats.Parse(file.Stats)?.NumRecords is { } numRecords)
            {
                numRecords.ShouldBe(fileRows, $"stats of {file.Path}");
            }
        }

        rows.ShouldBe(expected.Rows!.Value);
        var schema = TableSchema.Parse(snapshot.Metadata.SchemaString);
        schema.Fields.ShouldNotBeEmpty();
        schema.Fields.ShouldAllBe(f => TableSchema.ToDuckDbType(f.Type).Length > 0);
        snapshot.Metadata.PartitionColumns.ShouldAllBe(column => schema.Find(column) != null);
    }

    [Theory]
    [MemberData(nameof(ReplayableTables))]
    public async Task LoadSnapshotAsync_EveryVersion_MatchesItsLog(string table)
    {
        var log = Open(table);
        var folder = Path.Combine(SharedData.DeltaRsTables, table);
        var listing = await log.ListAsync(Ct);
        var earliest = DeltaLog.EarliestLoadableVersion(listing);
        var latest = await log.LatestVersionAsync(Ct);

        for (var version = earliest; version <= latest; version++)
        {
            var snapshot = await log.LoadSnapshotAsync(version, Ct);
            snapshot.Version.ShouldBe(version);
            var files = Files(snapshot);
            if (JsonReplay.HasCommits(folder, 0, version))
            {
                var replay = JsonReplay.Replay(folder, version);
                files.ShouldBe(Sorted(replay.Files), $"{table} v{version}: snapshot against the independent JSON replay");
                snapshot.AppVersions.OrderBy(kv => kv.Key, StringComparer.Ordinal).ShouldBe(replay.AppVersions.OrderBy(kv => kv.Key, StringComparer.Ordinal));
                snapshot.Metadata.Id.ShouldBe(replay.MetadataId);
                snapshot.Protocol.MinReaderVersion.ShouldBe(replay.ReaderVersion);

                var jsonOnly = await log.LoadSnapshotAsync(version, maxCheckpointVersion: -1, Ct);
                Files(jsonOnly).ShouldBe(files, $"{table} v{version}: checkpoint replay against full JSON replay");
            }

            // Through every older checkpoint whose later commits exist: the same state.
            foreach (var checkpoint in listing.CompleteCheckpointsUpTo(version - 1))
            {
                if (!JsonReplay.HasCommits(folder, checkpoint.Version + 1, version))
                {
                    break;
                }

                var viaOlder = await log.LoadSnapshotAsync(version, checkpoint.Version, Ct);
                Files(viaOlder).ShouldBe(files, $"{table} v{version} via the checkpoint at {checkpoint.Version}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(LogOnlyTables))]
    public async Task LoadSnapshotAsync_LogOnlyTable_ReplaysToNewestCommit(string table)
    {
        var log = Open(table);
        var newestCommit = Directory.GetFiles(Path.Combine(SharedData.DeltaRsTables, table, "_delta_log"), "*.json")
            .Select(Path.GetFileNameWithoutExtension).Where(n => n!.Length == 20).Max(n => long.Parse(n!, System.Globalization.CultureInfo.InvariantCulture));

        var snapshot = await log.LoadSnapshotAsync(Ct);

        snapshot.Version.ShouldBe(newestCommit);
        snapshot.Metadata.SchemaString.ShouldNotBeNullOrEmpty();
        TableSchema.Parse(snapshot.Metadata.SchemaString).Fields.ShouldNotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(RefusedTables))]
    public async Task LoadSnapshotAsync_UnsupportedFeature_ThrowsNamingIt(string table)
    {
        var log = Open(table);

        var error = await Should.ThrowAsync<UnsupportedTableFeatureException>(() => log.LoadSnapshotAsync(Ct));

        error.Features.ShouldContain(s_refused[table]);
        error.Message.ShouldContain(s_refused[table]);
        error.Message.ShouldContain(table);
    }

    private static List<KeyValuePair<string, long>> Files(Snapshot snapshot) =>
        Sorted(snapshot.Files.ToDictionary(f => DeltaPath.Decode(f.Path), f => f.Size, StringComparer.Ordinal));

    private static List<KeyValuePair<string, long>> Sorted(Dictionary<string, long> files) =>
        [.. files.OrderBy(kv => kv.Key, StringComparer.Ordinal)];
}
