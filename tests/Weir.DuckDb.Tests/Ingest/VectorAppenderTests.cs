using DuckDB.NET.Data;
using Weir.DuckDb.Ingest;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class VectorAppenderTests : IDisposable
{
    private readonly DuckDBConnection _duckDb = new("DataSource=:memory:");

    public VectorAppenderTests() => _duckDb.Open();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _duckDb.Dispose();

    [Fact]
    public async Task Append_EveryType_ReadsBackAsDuckDbStoresIt()
    {
        await ExecuteAsync("""
            CREATE TEMP TABLE t (b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT, f FLOAT, d DOUBLE, txt VARCHAR, bin BLOB, day DATE,
                ts TIMESTAMP, tz TIMESTAMPTZ, clock TIME, span INTERVAL, id UUID)
            """);

        using (var appender = VectorAppender.Create(_duckDb, "t"))
        {
            appender.Append(0, true);
            appender.Append(1, (short)-7);
            appender.Append(2, 123_456);
            appender.Append(3, long.MinValue);
            appender.Append(4, 1.5f);
            appender.Append(5, -2.25);
            appender.Append(6, "naïve café ☕ 𝄞");
            appender.Append(7, new byte[] { 0, 1, 255 }.AsSpan());
            appender.Append(8, new DateOnly(1969, 12, 31));
            appender.Append(9, new DateTime(2026, 11, 26, 5, 6, 7, 890, DateTimeKind.Unspecified).AddTicks(1230));
            appender.Append(10, new DateTime(2026, 1, 2, 1, 4, 5, DateTimeKind.Utc));
            appender.Append(11, new TimeOnly(23, 59, 58, 123));
            appender.Append(12, -TimeSpan.FromDays(1.5));
            appender.Append(13, Guid.Parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            appender.EndRow();
            appender.Close();
        }

        (await RowsAsync("""
            SELECT b::VARCHAR, s::VARCHAR, i::VARCHAR, l::VARCHAR, f::VARCHAR, d::VARCHAR, txt, hex(bin), day::VARCHAR, ts::VARCHAR,
                epoch(tz)::BIGINT::VARCHAR, clock::VARCHAR, span::VARCHAR, id::VARCHAR
            FROM t
            """)).ShouldBe([
            "true|-7|123456|-9223372036854775808|1.5|-2.25|naïve café ☕ 𝄞|0001FF|1969-12-31|2026-11-26 05:06:07.890123|1767315845|23:59:58.123|-1 day -12:00:00|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        ]);
    }

    [Fact]
    public async Task Append_UuidsAcrossTheSignBit_SortAsDuckDbSortsThem()
    {
        await ExecuteAsync("CREATE TEMP TABLE t (id UUID)");
        Guid[] ids = [Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"), Guid.Parse("00000000-0000-0000-0000-000000000001"), Guid.Parse("80000000-0000-0000-0000-000000000000")];

        using (var appender = VectorAppender.Create(_duckDb, "t"))
        {
            foreach (var id in ids)
            {
                appender.Append(0, id);
                appender.EndRow();
            }

            appender.Close();
        }

        (await RowsAsync("SELECT id::VARCHAR FROM t ORDER BY id")).ShouldBe([
            "00000000-0000-0000-0000-000000000001", "80000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
        ]);
        (await RowsAsync("SELECT count(*) FROM t WHERE id = '80000000-0000-0000-0000-000000000000'::UUID")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task Append_DecimalsOfEveryWidth_KeepTheirDigits()
    {
        await ExecuteAsync("CREATE TEMP TABLE t (a DECIMAL(4,1), b DECIMAL(9,3), c DECIMAL(18,2), d DECIMAL(38,10))");

        using (var appender = VectorAppender.Create(_duckDb, "t"))
        {
            appender.Append(0, 999.9m);
            appender.Append(1, -123456.789m);
            appender.Append(2, 9999999999999999.99m);
            appender.Append(3, 7922816251426433759354395033.5m);
            appender.EndRow();
            // Fewer fraction digits than the scale are padded; more are truncated, as DuckDB.NET's appender does.
            appender.Append(0, 1m);
            appender.Append(1, 0.0019m);
            appender.Append(2, -0.5m);
            appender.Append(3, -0.00000000019m);
            appender.EndRow();
            appender.Close();
        }

        (await RowsAsync("SELECT a::VARCHAR, b::VARCHAR, c::VARCHAR, d::VARCHAR FROM t ORDER BY a DESC")).ShouldBe([
            "999.9|-123456.789|9999999999999999.99|7922816251426433759354395033.5000000000",
            "1.0|0.001|-0.50|-0.0000000001",
        ]);
    }

    [Fact]
    public async Task Append_DecimalBeyondThePrecision_Throws()
    {
        await ExecuteAsync("CREATE TEMP TABLE t (a DECIMAL(4,1))");
        using var appender = VectorAppender.Create(_duckDb, "t");

        Should.Throw<OverflowException>(() => appender.Append(0, 1000m)).Message.ShouldContain("DECIMAL(4,1)");
    }

    [Fact]
    public async Task Append_ManyChunksWithNullsAndAbandonedRows_KeepsEachRowAsEnded()
    {
        await ExecuteAsync("CREATE TEMP TABLE t (n BIGINT, txt VARCHAR)");
        const int Rows = 5_000;

        using (var appender = VectorAppender.Create(_duckDb, "t"))
        {
            for (var n = 0; n < Rows; n++)
            {
                if (n % 3 == 0)
                {
                    appender.AppendNull(0);
                }
                else
                {
                    appender.Append(0, (long)n);
                }

                if (n % 1000 == 998)
                {
                    // A row abandoned half-way (a value the driver refused): the next row overwrites it, NULL flags included.
                    appender.AppendNull(1);
                    continue;
                }

                if (n % 5 == 0)
                {
                    appender.AppendNull(1);
                }
                else
                {
                    appender.Append(1, "v" + n);
                }

                appender.EndRow();
            }

            appender.Rows.ShouldBe(Rows - 5);
            appender.Close();
        }

        (await RowsAsync("SELECT count(*), count(n), count(txt), sum(n) FROM t")).ShouldBe([
            string.Join('|', Rows - 5, Expected().Count(r => r.N is not null), Expected().Count(r => r.Text is not null), Expected().Sum(r => r.N ?? 0)),
        ]);
        (await RowsAsync("SELECT count(*) FROM t WHERE n = 998")).ShouldBe(["0"]);
        // The row after an abandoned one: its value clears the NULL the abandoned row left in the same slot.
        (await RowsAsync("SELECT count(*) FROM t WHERE txt = 'v999' AND n IS NULL")).ShouldBe(["1"]);

        static IEnumerable<(long? N, string? Text)> Expected() =>
            Enumerable.Range(0, Rows).Where(n => n % 1000 != 998).Select(n => ((long?)(n % 3 == 0 ? null : n), n % 5 == 0 ? null : "v" + n));
    }

    [Fact]
    public void Create_NoSuchTable_SaysWhich()
    {
        Should.Throw<InvalidOperationException>(() => VectorAppender.Create(_duckDb, "missing")).Message.ShouldContain("missing");
    }

    [Fact]
    public async Task Append_TableInAnotherCatalog_FindsIt()
    {
        await ExecuteAsync("ATTACH ':memory:' AS parts; CREATE TABLE parts.main.p (n INTEGER)");

        using (var appender = VectorAppender.Create(_duckDb, "p", "parts", "main"))
        {
            appender.Append(0, 42);
            appender.EndRow();
            appender.Close();
        }

        (await RowsAsync("SELECT n FROM parts.main.p")).ShouldBe(["42"]);
    }

    private Task ExecuteAsync(string sql) => _duckDb.ExecuteAsync(sql, Token);

    private Task<List<string>> RowsAsync(string sql) => _duckDb.RowsAsync(sql, Token);
}
