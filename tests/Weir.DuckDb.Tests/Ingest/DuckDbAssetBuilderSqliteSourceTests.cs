using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class DuckDbAssetBuilderSqliteSourceTests : DatabaseSourceContext
{
    protected override string CreateOrders =>
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, amount REAL, updated_at TIMESTAMP)";

    protected override Task<SourceDatabase> OpenSourceAsync() =>
        Task.FromResult(SourceDatabase.Sqlite(Path.Combine(Root, "shop.db")));

    [Fact]
    public async Task BuildAsync_IncrementalFiveRounds_LakeEqualsSourceAfterEach()
    {
        await StartAsync();

        await RunFiveIncrementalRoundsAsync();
    }

    [Fact]
    public async Task BuildAsync_RowsAtTheWatermark_AreReadAgainAndNotDoubled()
    {
        await StartAsync();

        await RunRowsAtTheWatermarkAsync();
    }

    [Fact]
    public async Task BuildAsync_FullRefresh_OverwritesOrAppends()
    {
        await StartAsync();

        await RunFullRefreshAsync();
    }

    [Fact]
    public async Task BuildAsync_RelativeDataSource_IsReadFromTheProjectFolder()
    {
        await StartAsync();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        var source = new SourceSpec
        {
            Name = "orders",
            Location = new Diagnostics.SourceLocation("sources/shop.yaml", 3),
            Format = SourceFormat.Sqlite,
            Path = string.Empty,
            Connection = "Data Source=shop.db",
            Table = "main.orders",
        };

        var result = await BuildAsync(source);

        result.Rows.ShouldBe(1);
        await ShouldMatchSourceAsync();
    }

    [Fact]
    public async Task BuildAsync_MissingCursorColumn_FailsNamingTheColumns()
    {
        await StartAsync();
        var source = Orders() is var orders ? new SourceSpec
        {
            Name = orders.Name,
            Location = orders.Location,
            Format = orders.Format,
            Path = string.Empty,
            Connection = orders.Connection,
            Table = "orders",
            Mode = SourceLoadMode.Incremental,
            Cursor = "changed_at",
            PrimaryKey = ["id"],
        } : null!;

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("the cursor column \"changed_at\" is not in the rows read");
        exception.Message.ShouldContain("\"updated_at\"");
    }

    [Fact]
    public async Task BuildAsync_MissingDatabaseFile_FailsWithoutTheConnectionString()
    {
        await StartAsync();
        var source = new SourceSpec
        {
            Name = "orders",
            Location = new Diagnostics.SourceLocation("sources/shop.yaml", 3),
            Format = SourceFormat.Sqlite,
            Path = string.Empty,
            Connection = "Data Source=absent.db;Password=hunter2",
            Table = "orders",
        };

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("reading from SQLite failed");
        exception.Message.ShouldNotContain("hunter2");
    }
}
