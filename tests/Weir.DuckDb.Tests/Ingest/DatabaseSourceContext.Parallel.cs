using Weir.Diagnostics;
using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>Parallel full refresh scenarios: key ranges read at once land as one commit equal to the source.</summary>
public abstract partial class DatabaseSourceContext
{
    protected SourceSpec Items(int parallelism, string? splitBy, string? query = null, IReadOnlyList<ColumnSpec>? columns = null) => new()
    {
        Name = "items",
        Location = new SourceLocation("sources/shop.yaml", 20, 5),
        Format = Db.Format,
        Path = string.Empty,
        Connection = Db.ConnectionString,
        Table = query is null ? "items" : null,
        Query = query,
        Mode = SourceLoadMode.FullRefresh,
        PrimaryKey = ["id"],
        Parallelism = parallelism,
        SplitBy = splitBy,
        Columns = columns ?? [],
    };

    /// <summary>Ids with gaps and a far outlier; <c>grp</c> with NULLs every fifth row.</summary>
    protected async Task CreateItemsAsync()
    {
        await SourceAsync("CREATE TABLE items (id integer PRIMARY KEY, grp integer, name text)");
        var values = Enumerable.Range(0, 400)
            .Select(i => (i * 5) + (i % 4))
            .Append(1_000_000)
            .Select(id => $"({id}, {(id % 5 == 0 ? "NULL" : (id % 9 - 4).ToString(System.Globalization.CultureInfo.InvariantCulture))}, 'n{id}')");
        await SourceAsync($"INSERT INTO items (id, grp, name) VALUES {string.Join(", ", values)}");
    }

    /// <summary>Split by the primary key (with gaps), by a column with NULLs, and over a query: each equals the source row for row.</summary>
    protected async Task RunParallelFullRefreshAsync()
    {
        await CreateItemsAsync();
        var source = await Db.RowsAsync("SELECT id, grp, name FROM items ORDER BY id", Token);

        foreach (var spec in new[] { Items(4, "id"), Items(3, "grp"), Items(16, "grp", query: "SELECT * FROM items WHERE id < 600;") })
        {
            var version = Directory.Exists(Path.Combine(LakeRoot, "raw", "items")) ? await LatestVersionAsync(spec) : 0;

            var result = await BuildAsync(spec);

            var expected = spec.Query is null ? source : await Db.RowsAsync("SELECT id, grp, name FROM items WHERE id < 600 ORDER BY id", Token);
            (await RowsAsync("SELECT id, grp, name FROM main.items ORDER BY id")).ShouldBe(expected, spec.SplitBy);
            Counts(result.Action).ShouldBe((expected.Length, expected.Length));
            result.Load.ShouldNotBeNull().RowsRead.ShouldBe(expected.Length);
            (await LatestVersionAsync(spec)).ShouldBe(version + 1);
        }
    }

    /// <summary>A parallel read quarantines like a serial one: rows read = rows loaded + rows quarantined.</summary>
    protected async Task RunParallelQuarantineAsync()
    {
        await CreateItemsAsync();
        var spec = Items(4, "id", columns: [Column("name", "INTEGER")]);
        await SourceAsync("UPDATE items SET name = '7' WHERE id < 100");

        var result = await BuildAsync(spec);

        var good = await Db.CountAsync("SELECT count(*) FROM items WHERE id < 100", Token);
        var all = await Db.CountAsync("SELECT count(*) FROM items", Token);
        var load = result.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined).ShouldBe((all, good, all - good));
        (await RowsAsync("SELECT count(*), count(DISTINCT line) FROM main.items__quarantine")).ShouldBe([$"{all - good}|{all - good}"]);
    }

    /// <summary>A split column that does not hold integers fails the load with a hint.</summary>
    protected async Task RunParallelTextSplitAsync()
    {
        await CreateItemsAsync();

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(Items(2, "name")));

        exception.Message.ShouldContain("split_by column \"name\" must hold integers");
    }
}
