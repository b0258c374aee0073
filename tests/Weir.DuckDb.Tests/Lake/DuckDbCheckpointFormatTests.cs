using System.Text;
using Weir.DuckDb.Lake;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Lake.Storage;
using Weir.Lake.Transactions;
using Weir.Testing;

namespace Weir.DuckDb.Tests.Lake;

public sealed class DuckDbCheckpointFormatTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "weir-ckpt-" + Guid.NewGuid().ToString("N"));

    public DuckDbCheckpointFormatTests() => Directory.CreateDirectory(_folder);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static DuckDbCheckpointFormat DuckDb => DuckDbCheckpointFormat.Shared;

    /// <summary>Every checkpoint part in the shared tables written by Spark, delta-rs and others.</summary>
    public static TheoryData<string> OtherWritersCheckpoints =>
        [.. Directory.EnumerateFiles(SharedData.DeltaRsTables, "*.checkpoint*.parquet", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "_delta_log")
            .Select(f => Path.GetRelativePath(SharedData.DeltaRsTables, f))
            .Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WriteAsync_EveryActionField_ReadsBackTheSameThroughDuckDbAndParquetNet()
    {
        var actions = SampleActions();

        var file = await DuckDb.WriteAsync(actions, Token);

        Json(await DuckDb.ReadAsync(file, Token)).ShouldBe(Json(actions));
        // Readers other than DuckDB see the protocol's layout: Parquet.Net reads the same actions.
        Json(await ParquetCheckpointFormat.Instance.ReadAsync(file, Token)).ShouldBe(Json(actions));
    }

    [Fact]
    public async Task ReadAsync_ACheckpointParquetNetWrote_ReadsTheSameActions()
    {
        var actions = SampleActions();

        var file = await ParquetCheckpointFormat.Instance.WriteAsync(actions, Token);

        Json(await DuckDb.ReadAsync(file, Token)).ShouldBe(Json(actions));
    }

    [Theory]
    [MemberData(nameof(OtherWritersCheckpoints))]
    public async Task ReadAsync_OtherWritersCheckpoint_ReadsWhatParquetNetReads(string checkpoint)
    {
        var file = await File.ReadAllBytesAsync(Path.Combine(SharedData.DeltaRsTables, checkpoint), Token);

        var expected = await ParquetCheckpointFormat.Instance.ReadAsync(file, Token);
        var actions = await DuckDb.ReadAsync(file, Token);

        actions.Count.ShouldBeGreaterThan(0, checkpoint);
        Json(actions).ShouldBe(Json(expected), checkpoint);
    }

    [Fact]
    public async Task ReadAsync_NotParquet_Throws()
    {
        await Should.ThrowAsync<Exception>(() => DuckDb.ReadAsync(Encoding.UTF8.GetBytes("not a parquet file"), Token));
    }

    [Fact]
    public async Task Table_PastItsCheckpointInterval_CheckpointsAndReloadsThroughDuckDb()
    {
        var store = new LocalObjectStore(_folder);
        var options = new DeltaTableOptions { CheckpointFormat = DuckDb };
        var table = await DeltaTable.CreateAsync(
            store, "t", "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}",
            configuration: new Dictionary<string, string?> { ["delta.checkpointInterval"] = "3" }, options: options, cancellationToken: Token);
        for (var i = 1; i <= 4; i++)
        {
            var transaction = table.BeginTransaction(await table.LoadSnapshotAsync(Token));
            transaction.Add(new AddAction { Path = $"part-{i}.parquet", Size = i, ModificationTime = i, Stats = "{\"numRecords\":1}" });
            transaction.SetAppVersion("weir:t", i);
            await transaction.CommitAsync("WRITE", cancellationToken: Token);
        }

        File.Exists(Path.Combine(_folder, "t", "_delta_log", "00000000000000000003.checkpoint.parquet")).ShouldBeTrue();
        var reopened = await DeltaTable.OpenAsync(store, "t", options, Token);
        var snapshot = await reopened.LoadSnapshotAsync(Token);
        snapshot.Version.ShouldBe(4);
        snapshot.Files.Select(f => f.Path).Order(StringComparer.Ordinal).ShouldBe(["part-1.parquet", "part-2.parquet", "part-3.parquet", "part-4.parquet"]);
        snapshot.AppVersions["weir:t"].ShouldBe(4);
        // The checkpoint reads the same with Parquet.Net: a table Weir checkpoints stays readable by every reader.
        var plain = await new DeltaLog(store, "t").LoadSnapshotAsync(Token);
        plain.Files.Count.ShouldBe(4);
    }

    private static List<DeltaAction> SampleActions() =>
    [
        new() { Protocol = new ProtocolAction { MinReaderVersion = 3, MinWriterVersion = 7, ReaderFeatures = ["timestampNtz"], WriterFeatures = ["timestampNtz", "appendOnly"] } },
        new()
        {
            Metadata = new MetadataAction
            {
                Id = "5fba94ed-9794-4965-ba6e-6ee3c0d22af9",
                Name = "orders",
                Description = "orders, \"quoted\" and ünïcödé",
                Format = new FormatSpec { Provider = "parquet", Options = new() { ["k"] = "v" } },
                SchemaString = "{\"type\":\"struct\",\"fields\":[{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}}]}",
                PartitionColumns = ["day"],
                // In key order: Parquet.Net writes map keys sorted.
                Configuration = new() { ["delta.appendOnly"] = null, ["delta.checkpointInterval"] = "10" },
                CreatedTime = 1_767_225_600_000,
            },
        },
        new() { Transaction = new TransactionAction { AppId = "weir:orders", Version = 42, LastUpdated = 1_767_225_600_001 } },
        new()
        {
            Add = new AddAction
            {
                Path = "day=2026-01-01/part-0001.parquet", PartitionValues = new() { ["day"] = "2026-01-01" }, Size = 1234,
                ModificationTime = 1_767_225_600_002, DataChange = true, Stats = "{\"numRecords\":3,\"minValues\":{\"id\":1}}",
                Tags = new() { ["INSERTION_TIME"] = "1767225600002000" },
            },
        },
        new()
        {
            Add = new AddAction
            {
                Path = "day=__HIVE_DEFAULT_PARTITION__/part-0002.parquet", PartitionValues = new() { ["day"] = null }, Size = 99,
                ModificationTime = 1_767_225_600_003, DataChange = false,
            },
        },
        new()
        {
            Remove = new RemoveAction
            {
                Path = "day=2025-12-31/part-0000.parquet", DeletionTimestamp = 1_767_225_600_004, DataChange = true,
                ExtendedFileMetadata = true, PartitionValues = new() { ["day"] = "2025-12-31" }, Size = 77,
            },
        },
    ];

    private static List<string> Json(IEnumerable<DeltaAction> actions) =>
        [.. Encoding.UTF8.GetString(CheckpointJson.WriteRows(actions)).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}
