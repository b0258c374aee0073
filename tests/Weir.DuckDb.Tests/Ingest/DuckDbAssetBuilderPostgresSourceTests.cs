namespace Weir.DuckDb.Tests.Ingest;

[Trait("Category", "Integration")]
public sealed class DuckDbAssetBuilderPostgresSourceTests(PostgresServer server) : DatabaseSourceContext, IClassFixture<PostgresServer>
{
    protected override string CreateOrders =>
        "CREATE TABLE orders (id integer PRIMARY KEY, customer text, amount numeric(10,2), updated_at timestamp)";

    protected override async Task<SourceDatabase> OpenSourceAsync() =>
        SourceDatabase.Postgres(await server.CreateDatabaseAsync(Token));

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
}
