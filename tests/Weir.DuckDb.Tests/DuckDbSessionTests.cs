using Weir.Engine;

namespace Weir.DuckDb.Tests;

public sealed class DuckDbSessionTests : IAsyncLifetime
{
    private DuckDbEngine _engine = null!;
    private ISqlSession _session = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());
        _session = await _engine.OpenSessionAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        await _engine.DisposeAsync();
    }

    [Fact]
    public async Task QueryAsync_Decimals_KeepTheirScaleWhateverTheirWidth()
    {
        var result = await _session.QueryAsync("""
            SELECT 10.50::DECIMAL(10,2) AS narrow, sum(x) AS wide, 3::DECIMAL(38,4) AS whole, NULL::DECIMAL(38,2) AS nothing, 1.5::DOUBLE AS ratio
            FROM (VALUES (10.25::DECIMAL(10,2)), (20.25::DECIMAL(10,2))) t(x)
            """, cancellationToken: Token);

        // DuckDB.NET drops the trailing zeros of DECIMAL(p > 18): 30.50 would show as 30.5, 3.0000 as 3.
        result.Rows.ShouldHaveSingleItem().Select(EngineValues.Format).ShouldBe(["10.50", "30.50", "3.0000", string.Empty, "1.5"]);
        ((decimal)result.Rows[0][1]!).ShouldBe(30.5m);
    }
}
