using System.Text;
using Weir.Lake.Storage;
using Weir.Lake.Tests.TestSupport;

namespace Weir.Lake.Tests.Storage;

public sealed class LocalObjectStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LocalObjectStore _store;

    public LocalObjectStoreTests()
    {
        _store = new LocalObjectStore(_folder.Path);
    }

    public void Dispose() => _folder.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutIfAbsentAsync_NewKey_WritesObject()
    {
        (await _store.PutIfAbsentAsync("t/_delta_log/0.json", "a"u8.ToArray(), Ct)).ShouldBeTrue();

        (await _store.GetAsync("t/_delta_log/0.json", Ct)).ShouldBe("a"u8.ToArray());
    }

    [Fact]
    public async Task PutIfAbsentAsync_KeyExists_ReturnsFalseAndKeepsFirstObject()
    {
        await _store.PutIfAbsentAsync("k", "first"u8.ToArray(), Ct);

        (await _store.PutIfAbsentAsync("k", "second"u8.ToArray(), Ct)).ShouldBeFalse();

        Encoding.UTF8.GetString((await _store.GetAsync("k", Ct))!).ShouldBe("first");
        Directory.GetFiles(_folder.Path).Length.ShouldBe(1);
    }

    [Fact]
    public async Task PutIfAbsentAsync_ManyConcurrentWriters_ExactlyOneWinsWithWholeContent()
    {
        var payloads = Enumerable.Range(0, 32).Select(i => Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), 100_000 + i))).ToList();

        var results = await Task.WhenAll(payloads.Select(p => Task.Run(() => _store.PutIfAbsentAsync("race", p, Ct), Ct)));

        results.Count(r => r).ShouldBe(1);
        var winner = payloads[Array.IndexOf(results, true)];
        (await _store.GetAsync("race", Ct)).ShouldBe(winner);
    }

    [Fact]
    public async Task PutAsync_ExistingKey_ReplacesObject()
    {
        await _store.PutAsync("a/b", "one"u8.ToArray(), Ct);

        await _store.PutAsync("a/b", "two"u8.ToArray(), Ct);

        (await _store.GetAsync("a/b", Ct)).ShouldBe("two"u8.ToArray());
    }

    [Fact]
    public async Task GetAsync_MissingKeyOrFolder_ReturnsNull()
    {
        (await _store.GetAsync("nope", Ct)).ShouldBeNull();
        (await _store.GetAsync("no/such/folder", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsKeysInOrdinalOrderWithoutTempFiles()
    {
        foreach (var key in new[] { "t/b", "t/a/2", "t/a/1", "u/x", "t/B" })
        {
            await _store.PutAsync(key, "x"u8.ToArray(), Ct);
        }

        File.WriteAllText(Path.Combine(_folder.Path, "t", ".b.123" + LocalObjectStore.TempSuffix), "partial");

        var keys = await _store.ListAsync("t/", Ct).Select(o => o.Key).ToListAsync(Ct);

        keys.ShouldBe(["t/B", "t/a/1", "t/a/2", "t/b"]);
    }

    [Fact]
    public async Task ListAsync_PartialNamePrefix_FiltersByKeyPrefix()
    {
        await _store.PutAsync("t/_delta_log/00001.json", "x"u8.ToArray(), Ct);
        await _store.PutAsync("t/_delta_log/00002.json", "x"u8.ToArray(), Ct);
        await _store.PutAsync("t/data.parquet", "x"u8.ToArray(), Ct);

        var keys = await _store.ListAsync("t/_delta_log/00002", Ct).Select(o => o.Key).ToListAsync(Ct);

        keys.ShouldBe(["t/_delta_log/00002.json"]);
    }

    [Fact]
    public async Task ListAsync_ReportsSizeAndModificationTime()
    {
        await _store.PutAsync("f", new byte[42], Ct);
        var time = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_store.Locate("f"), time);

        var info = await _store.ListAsync("", Ct).SingleAsync(Ct);

        info.Size.ShouldBe(42);
        info.LastModified.ShouldBe(new DateTimeOffset(time));
    }

    [Fact]
    public async Task DeleteAsync_ReturnsWhetherObjectExisted()
    {
        await _store.PutAsync("d", "x"u8.ToArray(), Ct);

        (await _store.DeleteAsync("d", Ct)).ShouldBeTrue();
        (await _store.DeleteAsync("d", Ct)).ShouldBeFalse();
        (await _store.GetAsync("d", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("/absolute")]
    [InlineData("a\\b")]
    [InlineData("")]
    public void Locate_InvalidKey_Throws(string key)
    {
        Should.Throw<ArgumentException>(() => _store.Locate(key));
    }

    [Fact]
    public void Locate_Key_ReturnsPathUnderRoot()
    {
        _store.Locate("a/b.parquet").ShouldBe(Path.Combine(_folder.Path, "a", "b.parquet"));
        _store.Root.ShouldBe(_folder.Path);
    }
}
