using System.Globalization;
using DuckDB.NET.Data;
using Weir.DuckDb.Ingest;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class StagedChunksTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "weir-staged-" + Guid.NewGuid().ToString("N"));
    private readonly DuckDBConnection _duckDb;

    public StagedChunksTests()
    {
        Directory.CreateDirectory(_folder);
        _duckDb = new DuckDBConnection($"DataSource={Path.Combine(_folder, "w.duckdb")}");
        _duckDb.Open();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _duckDb.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Scan_RowsOfManyChunks_ReadBackWholeAndAgain()
    {
        await ExecuteAsync("CREATE TEMP TABLE spill (n BIGINT, txt VARCHAR, amount DECIMAL(12,2), ts TIMESTAMP)");
        using var staged = StagedChunks.Create(_duckDb, ["n", "txt", "amount", "ts"]);
        AppendRows(staged, "spill", 10_000);

        staged.Rows.ShouldBe(10_000);
        (await RowsAsync($"SELECT count(*), count(n), count(txt), sum(n), sum(amount)::VARCHAR, max(length(txt)), min(ts)::VARCHAR FROM ({staged.Sql})"))
            .ShouldBe(["10000|9000|10000|45000000|499950.00|27|2026-01-01 00:00:00"]);
        // A long string (past DuckDB's 12 inline bytes) lives in the chunk's own heap, referenced, not copied.
        (await RowsAsync($"SELECT n, txt, amount, ts::VARCHAR FROM ({staged.Sql}) WHERE n = 9999")).ShouldBe([
            "9999|row 9999 with a longer text|99.99|2026-01-01 02:46:39",
        ]);
        (await RowsAsync($"SELECT txt FROM ({staged.Sql}) WHERE n IS NULL ORDER BY txt LIMIT 2")).ShouldBe(["r0", "r10"]);
        // Every query scans them again, from the first chunk (a merge reads its source several times).
        (await RowsAsync($"SELECT count(*) FROM ({staged.Sql})")).ShouldBe(["10000"]);
        (await RowsAsync($"SELECT count(DISTINCT n) FROM ({staged.Sql})")).ShouldBe(["9000"]);
        (await RowsAsync("SELECT count(*) FROM spill")).ShouldBe(["0"]);
    }

    [Fact]
    public async Task Keep_PastTheBudget_TheRestGoesToTheTableAndTheViewHoldsAll()
    {
        await ExecuteAsync("CREATE TEMP TABLE spill (n BIGINT, txt VARCHAR, amount DECIMAL(12,2), ts TIMESTAMP)");
        // Two chunks' worth of values: the rest of the 10,000 rows spill.
        using var staged = StagedChunks.Create(_duckDb, ["n", "txt", "amount", "ts"], budget: 2 * 2048 * 40 + 60_000);
        AppendRows(staged, "spill", 10_000);
        await ExecuteAsync($"CREATE TEMP VIEW staged AS {staged.Sql} UNION ALL SELECT * FROM spill");

        staged.Rows.ShouldBe(4096);
        (await RowsAsync("SELECT count(*) FROM spill")).ShouldBe(["5904"]);
        (await RowsAsync("SELECT count(*), sum(n), count(DISTINCT txt) FROM staged")).ShouldBe(["10000|45000000|10000"]);
        await ExecuteAsync("DROP VIEW staged");
    }

    [Fact]
    public async Task Keep_PastTheProcessPool_SpillsAndDisposeGivesTheBytesBack()
    {
        await ExecuteAsync("CREATE TEMP TABLE spill_a (n BIGINT, txt VARCHAR, amount DECIMAL(12,2), ts TIMESTAMP)");
        await ExecuteAsync("CREATE TEMP TABLE spill_b (n BIGINT, txt VARCHAR, amount DECIMAL(12,2), ts TIMESTAMP)");
        // Room for three full chunks in the whole process, whatever each load's own budget.
        var pool = new StagedMemory(3 * 2048 * 40);
        var first = StagedChunks.Create(_duckDb, ["n", "txt", "amount", "ts"], memory: pool);
        using var second = StagedChunks.Create(_duckDb, ["n", "txt", "amount", "ts"], memory: pool);

        AppendRows(first, "spill_a", 4096);
        AppendRows(second, "spill_b", 4096);

        (first.Rows, second.Rows).ShouldBe((4096L, 2048L));
        pool.Used.ShouldBe(3 * 2048 * 40);
        (await RowsAsync("SELECT count(*) FROM spill_b")).ShouldBe(["2048"]);
        first.Dispose();
        pool.Used.ShouldBe(2048 * 40);
    }

    [Fact]
    public async Task Scan_FromAnotherConnection_IsRefused()
    {
        await ExecuteAsync("CREATE TEMP TABLE spill (n BIGINT, txt VARCHAR, amount DECIMAL(12,2), ts TIMESTAMP)");
        using var staged = StagedChunks.Create(_duckDb, ["n", "txt", "amount", "ts"]);
        AppendRows(staged, "spill", 100);
        using var other = new DuckDBConnection(_duckDb.ConnectionString);
        other.Open();
        using var command = other.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM ({staged.Sql})";

        var refused = await Should.ThrowAsync<DuckDBException>(() => command.ExecuteScalarAsync(Token));

        refused.Message.ShouldContain($"no staged rows {staged.Id} on this connection");
        (await RowsAsync($"SELECT count(*) FROM ({staged.Sql})")).ShouldBe(["100"]);
    }

    [Fact]
    public async Task Scan_AfterDispose_FailsWithAMessage()
    {
        await ExecuteAsync("CREATE TEMP TABLE spill (n BIGINT, txt VARCHAR, amount DECIMAL(12,2), ts TIMESTAMP)");
        var staged = StagedChunks.Create(_duckDb, ["n", "txt", "amount", "ts"]);
        AppendRows(staged, "spill", 100);
        var sql = staged.Sql;
        staged.Dispose();

        var gone = await Should.ThrowAsync<DuckDBException>(() => RowsAsync($"SELECT count(*) FROM ({sql})"));

        gone.Message.ShouldContain("no staged rows");
    }

    /// <summary>Rows n = 0..count-1: n NULL every tenth row, a short text, or a long one every 9,999th; amount n/100.</summary>
    private void AppendRows(StagedChunks staged, string table, int count)
    {
        using var appender = VectorAppender.Create(_duckDb, table, keep: staged);
        for (var n = 0; n < count; n++)
        {
            if (n % 10 == 0)
            {
                appender.AppendNull(0);
            }
            else
            {
                appender.Append(0, (long)n);
            }

            appender.Append(1, n % 9999 == 0 && n > 0 ? $"row {n} with a longer text" : "r" + n.ToString(CultureInfo.InvariantCulture));
            appender.Append(2, n / 100m);
            appender.Append(3, new DateTime(2026, 1, 1).AddSeconds(n));
            appender.EndRow();
        }

        appender.Close();
    }

    private Task ExecuteAsync(string sql) => _duckDb.ExecuteAsync(sql, Token);

    private Task<List<string>> RowsAsync(string sql) => _duckDb.RowsAsync(sql, Token);
}
