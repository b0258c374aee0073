using Microsoft.Extensions.Time.Testing;
using Weir.Checks;
using Weir.DuckDb;
using Weir.Quality.Profiling;

namespace Weir.Quality.Tests.Profiling;

public sealed class ProfileRunnerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 4, 0, 0, TimeSpan.Zero);

    private DuckDbEngine _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task ProfileAsync_NumericColumn_ComputesEveryStatistic()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1), (2), (3), (4), (NULL), (10)) v(n)");

        var profile = await Runner().ProfileAsync("t", "run-1", TestContext.Current.CancellationToken);

        profile.Asset.ShouldBe("t");
        profile.RunId.ShouldBe("run-1");
        profile.ProfiledAt.ShouldBe(s_now);
        profile.RowCount.ShouldBe(6);
        var n = profile.Columns.ShouldHaveSingleItem();
        n.Name.ShouldBe("n");
        n.Type.ShouldBe("INTEGER");
        n.Nulls.ShouldBe(1);
        n.ApproxDistinct.ShouldBe(5);
        n.Min.ShouldBe("1");
        n.Max.ShouldBe("10");
        n.Mean.ShouldBe(4.0);
        n.StdDev!.Value.ShouldBe(Math.Sqrt(12.5), 1e-9);
        n.TopValues.ShouldBe([new ValueCount("1", 1), new ValueCount("10", 1), new ValueCount("2", 1), new ValueCount("3", 1), new ValueCount("4", 1), new ValueCount(null, 1)]);
        n.Histogram.Count.ShouldBe(10);
        n.Histogram.Select(b => b.Count).ShouldBe([1L, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
        n.Histogram[0].ShouldBe(new HistogramBin(1, 1.9, 1));
        n.Histogram[9].ShouldBe(new HistogramBin(9.1, 10, 1));
    }

    [Fact]
    public async Task ProfileAsync_AnyWidth_TakesThreeStatements()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT range AS a, range % 3 AS b, 'x' || (range % 4) AS c, range * 1.5 AS d FROM range(1000)");
        var before = _engine.StatementCount;

        await Runner().ProfileAsync("t", null, TestContext.Current.CancellationToken);

        (_engine.StatementCount - before).ShouldBe(3);
    }

    [Fact]
    public async Task ProfileAsync_TextColumn_TopValuesMostFrequentFirstNullIncluded()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES ('b'), ('a'), ('b'), (NULL), ('c'), ('b'), ('a'), (NULL), (NULL)) v(s)");

        var s = (await Runner(top: 3).ProfileAsync("t", null, TestContext.Current.CancellationToken)).Columns.ShouldHaveSingleItem();

        s.Nulls.ShouldBe(3);
        s.ApproxDistinct.ShouldBe(3);
        s.Min.ShouldBe("a");
        s.Max.ShouldBe("c");
        s.Mean.ShouldBeNull();
        s.StdDev.ShouldBeNull();
        s.Histogram.ShouldBeEmpty();
        s.TopValues.ShouldBe([new ValueCount("b", 3), new ValueCount(null, 3), new ValueCount("a", 2)]);
    }

    [Fact]
    public async Task ProfileAsync_UniqueTextColumn_HasNoTopValues()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT 'id-' || range AS id FROM range(500)");

        var id = (await Runner().ProfileAsync("t", null, TestContext.Current.CancellationToken)).Columns.ShouldHaveSingleItem();

        id.TopValues.ShouldBeEmpty();
        id.ApproxDistinct.ShouldBeInRange(450, 500);
    }

    [Fact]
    public async Task ProfileAsync_QuotedColumnNames_AreProfiled()
    {
        await ExecuteAsync("CREATE TABLE \"my table\" AS SELECT * FROM (VALUES (1, 'x'), (2, 'y')) v(\"order id\", \"say \"\"hi\"\"\")");

        var profile = await Runner().ProfileAsync("my table", null, TestContext.Current.CancellationToken);

        profile.Columns.Select(c => c.Name).ShouldBe(["order id", "say \"hi\""]);
        profile.Columns[0].Max.ShouldBe("2");
        profile.Columns[1].TopValues.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ProfileAsync_EmptyTable_ZeroRowsAndNoStatistics()
    {
        await ExecuteAsync("CREATE TABLE t (n INTEGER, s VARCHAR)");
        var before = _engine.StatementCount;

        var profile = await Runner().ProfileAsync("t", null, TestContext.Current.CancellationToken);

        (_engine.StatementCount - before).ShouldBe(2);
        profile.RowCount.ShouldBe(0);
        profile.Columns.Count.ShouldBe(2);
        profile.Columns.ShouldAllBe(c => c.Nulls == 0 && c.ApproxDistinct == 0 && c.Min == null && c.Max == null && c.Mean == null
            && c.TopValues.Count == 0 && c.Histogram.Count == 0);
    }

    [Fact]
    public async Task ProfileAsync_AllNullColumns_CountNullsOnly()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT CAST(NULL AS DOUBLE) AS d, CAST(NULL AS VARCHAR) AS s FROM range(4)");

        var profile = await Runner().ProfileAsync("t", null, TestContext.Current.CancellationToken);

        var d = profile.Columns[0];
        d.Nulls.ShouldBe(4);
        d.Min.ShouldBeNull();
        d.Mean.ShouldBeNull();
        d.StdDev.ShouldBeNull();
        d.Histogram.ShouldBeEmpty();
        d.TopValues.ShouldBe([new ValueCount(null, 4)]);
        profile.Columns[1].TopValues.ShouldBe([new ValueCount(null, 4)]);
    }

    [Fact]
    public async Task ProfileAsync_BooleanDateTimestampDecimal_StatisticsThatApply()
    {
        await ExecuteAsync("""
            CREATE TABLE t AS SELECT * FROM (VALUES
                (true, DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05', CAST(1.25 AS DECIMAL(10,2))),
                (false, DATE '2024-03-01', TIMESTAMP '2024-05-06 07:08:09', CAST(2.75 AS DECIMAL(10,2))),
                (true, NULL, NULL, CAST(2.00 AS DECIMAL(10,2)))) v(b, d, ts, amount)
            """);

        var columns = (await Runner().ProfileAsync("t", null, TestContext.Current.CancellationToken)).Columns;

        var b = columns[0];
        b.Type.ShouldBe("BOOLEAN");
        (b.Min, b.Max, b.Mean).ShouldBe(("false", "true", (double?)null));
        b.TopValues.ShouldBe([new ValueCount("true", 2), new ValueCount("false", 1)]);
        var d = columns[1];
        d.Type.ShouldBe("DATE");
        (d.Min, d.Max, d.Mean, d.Nulls).ShouldBe(("2024-01-02", "2024-03-01", (double?)null, 1L));
        d.Histogram.ShouldBeEmpty();
        var ts = columns[2];
        (ts.Min, ts.Max, ts.Mean).ShouldBe(("2024-01-02 03:04:05", "2024-05-06 07:08:09", (double?)null));
        var amount = columns[3];
        amount.Type.ShouldBe("DECIMAL(10,2)");
        (amount.Min, amount.Max).ShouldBe(("1.25", "2.75"));
        amount.Mean!.Value.ShouldBe(2.0, 1e-9);
        amount.Histogram.Sum(h => h.Count).ShouldBe(3);
        amount.Histogram[^1].Upper.ShouldBe(2.75);
    }

    [Fact]
    public async Task ProfileAsync_NestedAndBlobColumns_SkipStatisticsThatDoNotApply()
    {
        await ExecuteAsync("""
            CREATE TABLE t AS SELECT * FROM (VALUES
                ({'a': 1}, [1, 2], MAP {'k': 1}, '\xAA'::BLOB),
                (NULL, [3], MAP {'k': 2}, NULL)) v(st, li, m, bl)
            """);

        var columns = (await Runner().ProfileAsync("t", null, TestContext.Current.CancellationToken)).Columns;

        columns.Select(c => c.Nulls).ShouldBe([1L, 0, 0, 1]);
        columns.Take(3).ShouldAllBe(c => c.ApproxDistinct == 0 && c.Min == null && c.TopValues.Count == 0 && c.Histogram.Count == 0);
        columns[3].ApproxDistinct.ShouldBe(1);
        columns[3].Min.ShouldBeNull();
    }

    [Fact]
    public async Task ProfileAsync_SingleValueColumn_OneBinHoldingEveryRow()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT 7.5::DOUBLE AS x FROM range(3)");

        var x = (await Runner().ProfileAsync("t", null, TestContext.Current.CancellationToken)).Columns.ShouldHaveSingleItem();

        x.Histogram.ShouldBe([new HistogramBin(7.5, 7.5, 3)]);
        x.StdDev.ShouldBe(0);
    }

    [Fact]
    public async Task ProfileAsync_MissingTable_Throws()
    {
        await Should.ThrowAsync<Exception>(() => Runner().ProfileAsync("nope", null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void TopValueCount_BelowOne_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new ProfileRunner(_engine) { TopValueCount = 0 });

    [Fact]
    public async Task ProfileAsync_FiveBins_HistogramHasFiveBinsOverMinToMax()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT range::DOUBLE AS x FROM range(100)");

        var x = (await new ProfileRunner(_engine) { HistogramBins = 5 }.ProfileAsync("t", null, TestContext.Current.CancellationToken))
            .Columns.ShouldHaveSingleItem();

        x.Histogram.Select(b => b.Count).ShouldBe([20L, 20, 20, 20, 20]);
        (x.Histogram[0].Lower, x.Histogram[^1].Upper).ShouldBe((0.0, 99.0));
    }

    [Theory]
    [InlineData("BIGINT", ProfileColumnKind.Numeric)]
    [InlineData("DECIMAL(18,3)", ProfileColumnKind.Numeric)]
    [InlineData("DOUBLE", ProfileColumnKind.Numeric)]
    [InlineData("VARCHAR", ProfileColumnKind.Text)]
    [InlineData("ENUM('a', 'b')", ProfileColumnKind.Text)]
    [InlineData("UUID", ProfileColumnKind.Text)]
    [InlineData("BOOLEAN", ProfileColumnKind.Boolean)]
    [InlineData("TIMESTAMP WITH TIME ZONE", ProfileColumnKind.Temporal)]
    [InlineData("DATE", ProfileColumnKind.Temporal)]
    [InlineData("INTERVAL", ProfileColumnKind.Temporal)]
    [InlineData("INTEGER[]", ProfileColumnKind.Nested)]
    [InlineData("STRUCT(a INTEGER)", ProfileColumnKind.Nested)]
    [InlineData("MAP(VARCHAR, INTEGER)", ProfileColumnKind.Nested)]
    [InlineData("BLOB", ProfileColumnKind.Opaque)]
    [InlineData("JSON", ProfileColumnKind.Opaque)]
    internal void KindOf_EngineType_ClassifiesStatistics(string type, ProfileColumnKind kind) =>
        ProfileRunner.KindOf(type).ShouldBe(kind);

    private ProfileRunner Runner(int top = 10) => new(_engine, new FakeTimeProvider(s_now)) { TopValueCount = top };

    private async Task ExecuteAsync(string sql)
    {
        await using var session = await _engine.OpenSessionAsync(TestContext.Current.CancellationToken);
        await session.ExecuteAsync(sql, TestContext.Current.CancellationToken);
    }
}
