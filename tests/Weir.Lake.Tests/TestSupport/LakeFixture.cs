using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Weir.Lake.Protocol;
using Weir.Lake.Storage;
using Weir.Lake.Transactions;

namespace Weir.Lake.Tests.TestSupport;

/// <summary>A temp folder with a store and a fake clock, and helpers to write data files and make add actions.</summary>
internal sealed class LakeFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public LakeFixture()
    {
        Store = new LocalObjectStore(_folder.Path);
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        Options = new DeltaTableOptions { TimeProvider = Time };
    }

    public LocalObjectStore Store { get; }

    public FakeTimeProvider Time { get; }

    public DeltaTableOptions Options { get; }

    public string Root => _folder.Path;

    public static TableSchema Schema { get; } = new([new SchemaField("id", "long"), new SchemaField("part", "string")]);

    public Task<DeltaTable> CreateAsync(string table = "t", IReadOnlyList<string>? partitionColumns = null,
        IReadOnlyDictionary<string, string?>? configuration = null) =>
        DeltaTable.CreateAsync(Store, table, Schema, partitionColumns, configuration, Options, TestContext.Current.CancellationToken);

    /// <summary>Writes a small data file under the table and returns its add action (with numRecords stats).</summary>
    public async Task<AddAction> WriteFileAsync(string table, string relativePath, long rows = 1, Dictionary<string, string?>? partitionValues = null)
    {
        var bytes = new byte[16 + (relativePath.Length % 7)];
        await Store.PutAsync(table + "/" + relativePath, bytes, TestContext.Current.CancellationToken);
        return new AddAction
        {
            Path = DeltaPath.Encode(relativePath),
            PartitionValues = partitionValues ?? [],
            Size = bytes.Length,
            ModificationTime = Time.GetUtcNow().ToUnixTimeMilliseconds(),
            DataChange = true,
            Stats = string.Create(CultureInfo.InvariantCulture, $$$"""{"numRecords":{{{rows}}},"minValues":{"id":1},"maxValues":{"id":{{{rows}}}},"nullCount":{"id":0}}"""),
        };
    }

    public string PathOf(string key) => Store.Locate(key);

    public void Dispose() => _folder.Dispose();
}
