using System.Text;
using System.Text.Json;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Lake.Tests.TestSupport;
using Weir.Lake.Transactions;

namespace Weir.Lake.Tests.Transactions;

public sealed class DeltaTableTests : IDisposable
{
    private readonly LakeFixture _lake = new();

    public void Dispose() => _lake.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_NewTable_WritesVersionZeroWithProtocolMetadataAndCommitInfo()
    {
        var table = await _lake.CreateAsync(partitionColumns: ["part"], configuration: new Dictionary<string, string?> { ["owner"] = "me" });

        var snapshot = await table.LoadSnapshotAsync(Ct);

        snapshot.Version.ShouldBe(0);
        snapshot.Protocol.MinReaderVersion.ShouldBe(1);
        snapshot.Protocol.MinWriterVersion.ShouldBe(2);
        snapshot.Metadata.PartitionColumns.ShouldBe(["part"]);
        snapshot.Metadata.Configuration["owner"].ShouldBe("me");
        Guid.TryParse(snapshot.Metadata.Id, out _).ShouldBeTrue();
        TableSchema.Parse(snapshot.Metadata.SchemaString).Fields.Select(f => f.ToString()).ShouldBe(["id long", "part string"]);
        snapshot.Files.ShouldBeEmpty();
        var history = await table.Log.GetHistoryAsync(cancellationToken: Ct);
        history.Single().Operation.ShouldBe("CREATE TABLE");
        history.Single().EngineInfo.ShouldNotBeNull().ShouldStartWith("Weir/");
        var firstLine = File.ReadLines(_lake.PathOf("t/_delta_log/00000000000000000000.json")).First();
        firstLine.ShouldStartWith("{\"commitInfo\":{\"timestamp\":" + _lake.Time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task CreateAsync_TimestampNtzColumn_RequiresTheTimestampNtzFeature()
    {
        var schema = new TableSchema([new SchemaField("id", "long"), new SchemaField("at", "timestamp_ntz")]);

        var table = await DeltaTable.CreateAsync(_lake.Store, "ntz", schema, options: _lake.Options, cancellationToken: Ct);

        var protocol = (await table.LoadSnapshotAsync(Ct)).Protocol;
        protocol.MinReaderVersion.ShouldBe(3);
        protocol.MinWriterVersion.ShouldBe(7);
        protocol.ReaderFeatures.ShouldBe(["timestampNtz"]);
        protocol.WriterFeatures.ShouldBe(["timestampNtz"]);
    }

    [Fact]
    public async Task CommitAsync_MetadataAddsTimestampNtzColumn_UpgradesTheProtocol()
    {
        var table = await _lake.CreateAsync();
        var snapshot = await table.LoadSnapshotAsync(Ct);
        var tx = table.BeginTransaction(snapshot);
        tx.UpdateMetadata(new MetadataAction
        {
            Id = snapshot.Metadata.Id,
            SchemaString = new TableSchema([.. TableSchema.Parse(snapshot.Metadata.SchemaString).Fields, new SchemaField("at", "timestamp_ntz")]).ToJson(),
        });

        var committed = await tx.CommitAsync("ADD COLUMNS", cancellationToken: Ct);

        var protocol = (await table.LoadSnapshotAsync(Ct)).Protocol;
        committed.Version.ShouldBe(1);
        protocol.MinReaderVersion.ShouldBe(3);
        protocol.MinWriterVersion.ShouldBe(7);
        protocol.ReaderFeatures.ShouldBe(["timestampNtz"]);
        protocol.WriterFeatures.ShouldBe(["appendOnly", "invariants", "timestampNtz"]);
    }

    [Fact]
    public async Task CreateAsync_TableExists_Throws()
    {
        await _lake.CreateAsync();

        var error = await Should.ThrowAsync<DeltaLogException>(() => _lake.CreateAsync());

        error.Message.ShouldContain("already exists");
    }

    [Fact]
    public async Task CreateAsync_UnknownPartitionColumn_Throws()
    {
        await Should.ThrowAsync<ArgumentException>(() => _lake.CreateAsync(partitionColumns: ["nope"]));
    }

    [Fact]
    public async Task OpenAsync_NoTable_Throws()
    {
        await Should.ThrowAsync<DeltaLogException>(() => DeltaTable.OpenAsync(_lake.Store, "missing", _lake.Options, Ct));
    }

    [Fact]
    public async Task CommitAsync_AppendRemoveAndMetadata_RoundTripThroughTheLog()
    {
        var table = await _lake.CreateAsync();
        var tx = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        tx.Add(await _lake.WriteFileAsync("t", "a.parquet", rows: 3));
        tx.Add(await _lake.WriteFileAsync("t", "b c.parquet", rows: 4));
        var first = await tx.CommitAsync("WRITE", new Dictionary<string, string> { ["mode"] = "Append" }, cancellationToken: Ct);

        var tx2 = table.BeginTransaction(first.Snapshot);
        tx2.Remove(first.Snapshot.Files.Single(f => f.Path == "a.parquet"));
        var metadata = first.Snapshot.Metadata;
        tx2.UpdateMetadata(new MetadataAction
        {
            Id = metadata.Id,
            SchemaString = new TableSchema([.. TableSchema.Parse(metadata.SchemaString).Fields, new SchemaField("note", "string")]).ToJson(),
            Configuration = new Dictionary<string, string?> { ["k"] = "v" },
        });
        var second = await tx2.CommitAsync("DELETE", cancellationToken: Ct);

        first.Version.ShouldBe(1);
        second.Version.ShouldBe(2);
        var reloaded = await table.LoadSnapshotAsync(Ct);
        reloaded.Files.Select(f => f.Path).ShouldBe(["b%20c.parquet"]);
        reloaded.Tombstones.Single().Path.ShouldBe("a.parquet");
        reloaded.Tombstones.Single().DeletionTimestamp.ShouldBe(_lake.Time.GetUtcNow().ToUnixTimeMilliseconds());
        reloaded.Metadata.Configuration["k"].ShouldBe("v");
        TableSchema.Parse(reloaded.Metadata.SchemaString).Find("note").ShouldNotBeNull();
        second.Snapshot.Files.Select(f => f.Path).ShouldBe(reloaded.Files.Select(f => f.Path));
        var history = await table.Log.GetHistoryAsync(cancellationToken: Ct);
        history[1].Operation.ShouldBe("WRITE");
        history[1].OperationParameters["mode"].ShouldBe("Append");
        history[1].OperationMetrics["numAddedFiles"].ShouldBe("2");
        history[1].OperationMetrics["numOutputRows"].ShouldBe("7");
        history[1].IsBlindAppend.ShouldBe(true);
        history[1].ReadVersion.ShouldBe(0);
        history[0].OperationMetrics["numRemovedFiles"].ShouldBe("1");
        history[0].OperationMetrics["numRemovedRows"].ShouldBe("3");
        history[0].IsBlindAppend.ShouldBe(false);
    }

    [Fact]
    public async Task CommitAsync_AppVersionAlreadyRecorded_SkipsAndReturnsExistingVersion()
    {
        var table = await _lake.CreateAsync();
        var tx = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        tx.Add(await _lake.WriteFileAsync("t", "batch-7.parquet"));
        tx.SetAppVersion("weir:source:orders", 7);
        var committed = await tx.CommitAsync("STREAMING UPDATE", cancellationToken: Ct);

        var retry = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        retry.Add(await _lake.WriteFileAsync("t", "batch-7-again.parquet"));
        retry.SetAppVersion("weir:source:orders", 7);
        var result = await retry.CommitAsync("STREAMING UPDATE", cancellationToken: Ct);

        committed.Skipped.ShouldBeFalse();
        committed.Snapshot.AppVersions["weir:source:orders"].ShouldBe(7);
        result.Skipped.ShouldBeTrue();
        result.Version.ShouldBe(1);
        (await table.Log.LatestVersionAsync(Ct)).ShouldBe(1);
        (await table.LoadSnapshotAsync(Ct)).Files.Count.ShouldBe(1);
    }

    [Fact]
    public async Task CommitAsync_SameAppVersionRacedByStaleSnapshot_SkipsAfterSeeingWinner()
    {
        var table = await _lake.CreateAsync();
        var snapshot = await table.LoadSnapshotAsync(Ct);
        var a = table.BeginTransaction(snapshot);
        var b = table.BeginTransaction(snapshot);
        foreach (var tx in new[] { a, b })
        {
            tx.Add(await _lake.WriteFileAsync("t", Guid.NewGuid().ToString("N") + ".parquet"));
            tx.SetAppVersion("app", 1);
        }

        (await a.CommitAsync("WRITE", cancellationToken: Ct)).Skipped.ShouldBeFalse();
        var second = await b.CommitAsync("WRITE", cancellationToken: Ct);

        second.Skipped.ShouldBeTrue();
        second.Version.ShouldBe(1);
        (await table.LoadSnapshotAsync(Ct)).Files.Count.ShouldBe(1);
    }

    [Fact]
    public async Task CommitAsync_LowerAppVersionRacedByWinner_ThrowsConflict()
    {
        var table = await _lake.CreateAsync();
        var snapshot = await table.LoadSnapshotAsync(Ct);
        var a = table.BeginTransaction(snapshot);
        a.SetAppVersion("app", 1);
        var b = table.BeginTransaction(snapshot);
        b.SetAppVersion("app", 2);
        await a.CommitAsync("WRITE", cancellationToken: Ct);

        var error = await Should.ThrowAsync<ConcurrentModificationException>(() => b.CommitAsync("WRITE", cancellationToken: Ct));

        error.Message.ShouldContain("application 'app'");
    }

    [Fact]
    public async Task CommitAsync_AppendVsAppendFromSameSnapshot_BothLand()
    {
        var table = await _lake.CreateAsync();
        var snapshot = await table.LoadSnapshotAsync(Ct);
        var a = table.BeginTransaction(snapshot);
        a.Add(await _lake.WriteFileAsync("t", "a.parquet"));
        var b = table.BeginTransaction(snapshot);
        b.Add(await _lake.WriteFileAsync("t", "b.parquet"));

        var first = await a.CommitAsync("WRITE", cancellationToken: Ct);
        var second = await b.CommitAsync("WRITE", cancellationToken: Ct);

        first.Version.ShouldBe(1);
        second.Version.ShouldBe(2);
        second.Attempts.ShouldBe(2);
        second.Snapshot.Files.Select(f => f.Path).ShouldBe(["a.parquet", "b.parquet"]);
        (await table.LoadSnapshotAsync(Ct)).Files.Select(f => f.Path).Order().ShouldBe(["a.parquet", "b.parquet"]);
    }

    [Fact]
    public async Task CommitAsync_RemoveVsRemoveOfSameFile_ThrowsNamingWinner()
    {
        var table = await _lake.CreateAsync();
        var setup = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        setup.Add(await _lake.WriteFileAsync("t", "a.parquet"));
        var snapshot = (await setup.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        var a = table.BeginTransaction(snapshot);
        a.Remove(snapshot.Files[0]);
        var b = table.BeginTransaction(snapshot);
        b.Remove(snapshot.Files[0]);
        await a.CommitAsync("DELETE", cancellationToken: Ct);

        var error = await Should.ThrowAsync<ConcurrentModificationException>(() => b.CommitAsync("DELETE", cancellationToken: Ct));

        error.WinningVersion.ShouldBe(2);
        error.WinningOperation.ShouldBe("DELETE");
        error.IsTransient.ShouldBeTrue();
        error.Message.ShouldContain("a.parquet");
        (await table.Log.LatestVersionAsync(Ct)).ShouldBe(2);
    }

    [Fact]
    public async Task CommitAsync_WinnerRemovedAFileThisTransactionRead_Throws()
    {
        var table = await _lake.CreateAsync();
        var setup = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        setup.Add(await _lake.WriteFileAsync("t", "a.parquet"));
        var snapshot = (await setup.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        var deleter = table.BeginTransaction(snapshot);
        deleter.Remove(snapshot.Files[0]);
        var reader = table.BeginTransaction(snapshot);
        reader.ReadFiles(snapshot.Files);
        reader.Add(await _lake.WriteFileAsync("t", "derived.parquet"));
        await deleter.CommitAsync("DELETE", cancellationToken: Ct);

        await Should.ThrowAsync<ConcurrentModificationException>(() => reader.CommitAsync("MERGE", cancellationToken: Ct));
    }

    [Fact]
    public async Task CommitAsync_WinnerChangedMetadata_Throws()
    {
        var table = await _lake.CreateAsync();
        var snapshot = await table.LoadSnapshotAsync(Ct);
        var alter = table.BeginTransaction(snapshot);
        alter.UpdateMetadata(new MetadataAction { Id = snapshot.Metadata.Id, SchemaString = snapshot.Metadata.SchemaString });
        var append = table.BeginTransaction(snapshot);
        append.Add(await _lake.WriteFileAsync("t", "a.parquet"));
        await alter.CommitAsync("SET TBLPROPERTIES", cancellationToken: Ct);

        var error = await Should.ThrowAsync<ConcurrentModificationException>(() => append.CommitAsync("WRITE", cancellationToken: Ct));

        error.Message.ShouldContain("metadata");
    }

    [Fact]
    public async Task CommitAsync_TwoConcurrentWriters_EveryCommitAndFileLands()
    {
        const int CommitsEach = 25;
        var table = await _lake.CreateAsync();

        async Task<List<long>> WriterAsync(string name)
        {
            var versions = new List<long>();
            var snapshot = await table.LoadSnapshotAsync(Ct);
            for (var i = 0; i < CommitsEach; i++)
            {
                var tx = table.BeginTransaction(snapshot);
                tx.Add(await _lake.WriteFileAsync("t", $"{name}-{i}.parquet"));
                var result = await tx.CommitAsync("WRITE", cancellationToken: Ct);
                versions.Add(result.Version);
                snapshot = result.Snapshot;
            }

            return versions;
        }

        var results = await Task.WhenAll(Task.Run(() => WriterAsync("a"), Ct), Task.Run(() => WriterAsync("b"), Ct));

        results.SelectMany(v => v).Order().ShouldBe(Enumerable.Range(1, 2 * CommitsEach).Select(v => (long)v));
        var final = await table.LoadSnapshotAsync(Ct);
        final.Version.ShouldBe(2 * CommitsEach);
        final.Files.Count.ShouldBe(2 * CommitsEach);
        (await table.Log.LoadSnapshotAsync(final.Version, maxCheckpointVersion: -1, Ct)).Files.Count.ShouldBe(2 * CommitsEach);
    }

    [Fact]
    public async Task CommitAsync_AppendOnlyTable_RefusesRemove()
    {
        var table = await _lake.CreateAsync(configuration: new Dictionary<string, string?> { ["delta.appendOnly"] = "true" });
        var setup = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        setup.Add(await _lake.WriteFileAsync("t", "a.parquet"));
        var snapshot = (await setup.CommitAsync("WRITE", cancellationToken: Ct)).Snapshot;
        var tx = table.BeginTransaction(snapshot);
        tx.Remove(snapshot.Files[0]);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => tx.CommitAsync("DELETE", cancellationToken: Ct));

        error.Message.ShouldContain("append-only");
    }

    [Fact]
    public async Task CommitAsync_AddWithoutPartitionValues_Throws()
    {
        var table = await _lake.CreateAsync(partitionColumns: ["part"]);
        var tx = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        tx.Add(await _lake.WriteFileAsync("t", "a.parquet"));

        var error = await Should.ThrowAsync<ArgumentException>(() => tx.CommitAsync("WRITE", cancellationToken: Ct));

        error.Message.ShouldContain("partitioned by [part]");
    }

    [Fact]
    public async Task CommitAsync_PartitionedAdd_PartitionValuesRoundTrip()
    {
        var table = await _lake.CreateAsync(partitionColumns: ["part"]);
        var tx = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        var folder = PartitionValue.ToPathSegment("part", "A/B c");
        tx.Add(await _lake.WriteFileAsync("t", folder + "/f.parquet", partitionValues: new() { ["part"] = "A/B c" }));
        tx.Add(await _lake.WriteFileAsync("t", PartitionValue.ToPathSegment("part", null) + "/g.parquet", partitionValues: new() { ["part"] = null }));
        await tx.CommitAsync("WRITE", cancellationToken: Ct);

        var snapshot = await table.LoadSnapshotAsync(Ct);

        snapshot.Files.Select(f => PartitionValue.Parse(f.PartitionValues["part"], "string")).ShouldBe(["A/B c", null]);
        snapshot.Files.ShouldAllBe(f => File.Exists(_lake.PathOf("t/" + DeltaPath.Decode(f.Path))));
    }

    [Fact]
    public async Task CommitAsync_UnsupportedWriterVersion_Throws()
    {
        var commit = """
            {"protocol":{"minReaderVersion":1,"minWriterVersion":4}}
            {"metaData":{"id":"x","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[]}","partitionColumns":[],"configuration":{}}}
            """;
        await _lake.Store.PutAsync("w4/_delta_log/00000000000000000000.json", Encoding.UTF8.GetBytes(commit), Ct);
        var table = await DeltaTable.OpenAsync(_lake.Store, "w4", _lake.Options, Ct);
        var tx = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));

        var error = await Should.ThrowAsync<UnsupportedTableFeatureException>(() => tx.CommitAsync("WRITE", cancellationToken: Ct));

        error.Features.ShouldContain("writer version 4");
    }

    [Fact]
    public async Task CommitAsync_CommitFile_IsOneJsonObjectPerLineWithCommitInfoFirst()
    {
        var table = await _lake.CreateAsync();
        var tx = table.BeginTransaction(await table.LoadSnapshotAsync(Ct));
        tx.Add(await _lake.WriteFileAsync("t", "a.parquet"));
        tx.SetAppVersion("app", 3);
        await tx.CommitAsync("WRITE", cancellationToken: Ct);

        var lines = File.ReadAllLines(_lake.PathOf("t/_delta_log/00000000000000000001.json"));

        lines.Select(l => JsonDocument.Parse(l).RootElement.EnumerateObject().Single().Name).ShouldBe(["commitInfo", "txn", "add"]);
    }
}
