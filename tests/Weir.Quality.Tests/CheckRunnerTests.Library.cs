using Microsoft.Extensions.Time.Testing;
using Weir.Checks;
using Weir.Project;
using Weir.Quality.Tests.Fakes;
using static Weir.Quality.Tests.TestChecks;

namespace Weir.Quality.Tests;

/// <summary>Every check type on a passing and a failing dataset: the failing count and the sample.</summary>
public sealed partial class CheckRunnerTests
{
    private const string Orders = """
        CREATE TABLE orders AS SELECT * FROM (VALUES
            (1, 'paid', 10.0, 'AB12', DATE '2026-11-20'),
            (2, 'paid', 25.5, 'CD34', DATE '2026-11-21'),
            (3, 'refund', -5.0, 'x', DATE '2026-11-22'),
            (4, NULL, 120.0, NULL, DATE '2026-11-23'),
            (5, 'lost', 99.0, 'EF56789', NULL)) v(id, status, amount, code, day)
        """;

    public static TheoryData<string, CheckSpec, CheckSpec, long, object?> RowLevelChecks => new()
    {
        { "not_null", Check("not_null", "status"), Check("not_null", "id"), 1, null },
        { "accepted_values", Check("accepted_values", "status", arguments: ("values", List("paid", "refund"))),
            Check("accepted_values", "status", arguments: ("values", List("paid", "refund", "lost"))), 1, "lost" },
        { "range", Check("range", "amount", arguments: [("min", "0"), ("max", "100")]),
            Check("range", "amount", arguments: [("min", "-5"), ("max", "120")]), 2, -5.0m },
        { "range exclusive", Check("range", "amount", arguments: [("min", "-5"), ("max", "120"), ("inclusive", "false")]),
            Check("range", "amount", arguments: [("min", "-6"), ("max", "121"), ("inclusive", "false")]), 2, -5.0m },
        { "regex", Check("regex", "code", arguments: ("pattern", "^[A-Z]{2}[0-9]{2}$")),
            Check("regex", "code", arguments: ("pattern", "^[A-Za-z0-9]+$")), 2, "x" },
        { "length", Check("length", "code", arguments: [("min", "2"), ("max", "4")]),
            Check("length", "code", arguments: [("min", "1"), ("max", "7")]), 2, "x" },
        { "expression", Check("expression", arguments: ("sql", "amount >= 0 OR status = 'lost'")),
            Check("expression", arguments: ("sql", "amount >= 0 OR status = 'refund'")), 1, -5.0m },
    };

    [Theory]
    [MemberData(nameof(RowLevelChecks))]
    public async Task RunAsync_RowLevelCheck_CountsFailingRowsAndSamplesThemKeysFirst(
        string name, CheckSpec failing, CheckSpec passing, long expectedFailing, object? firstSampleValue)
    {
        await ExecuteAsync(Orders);

        var results = await new CheckRunner(_engine).RunAsync(KeyedAsset("orders", ["id"], failing, passing), TestContext.Current.CancellationToken);

        var fail = results.Single(r => r.Status != CheckStatus.Pass);
        var pass = results.Single(r => r.Status == CheckStatus.Pass);
        fail.Status.ShouldBe(CheckStatus.Fail, name);
        fail.FailingRows.ShouldBe(expectedFailing);
        fail.RowsChecked.ShouldBe(5);
        var sample = fail.Sample.ShouldNotBeNull();
        sample.Count.ShouldBe((int)expectedFailing);
        sample[0].Keys.First().ShouldBe("id");
        if (failing.Column is { } column)
        {
            sample[0].Keys.ShouldBe(["id", column]);
            sample.Select(r => r[column]).ShouldContain(firstSampleValue);
        }
        else
        {
            sample[0]["amount"].ShouldBe(firstSampleValue);
        }

        pass.FailingRows.ShouldBe(0);
        pass.Sample.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_CompletenessBelowMinRatio_FailsWithNullCountAndSample()
    {
        await ExecuteAsync(Orders);

        var results = await new CheckRunner(_engine).RunAsync(
            KeyedAsset("orders", ["id"],
                Check("completeness", "day", arguments: ("min_ratio", "0.9")),
                Check("completeness", "status", arguments: ("min_ratio", "0.8"))),
            TestContext.Current.CancellationToken);

        results[0].Status.ShouldBe(CheckStatus.Fail);
        results[0].FailingRows.ShouldBe(1);
        results[0].Message.ShouldBe("0.8 of \"day\" is non-NULL, below min_ratio 0.9 (1 of 5 rows NULL)");
        results[0].Sample.ShouldNotBeNull().ShouldHaveSingleItem()["id"].ShouldBe(5);
        results[1].Status.ShouldBe(CheckStatus.Pass);
    }

    [Fact]
    public async Task RunAsync_UniqueOverColumns_CountsDuplicateCombinationsAndSamplesThemWithCounts()
    {
        await ExecuteAsync("""
            CREATE TABLE lines AS SELECT * FROM (VALUES (1, 1), (1, 1), (1, 2), (2, 1), (2, 1), (2, 1), (3, NULL), (3, NULL)) v(o, l)
            """);

        var results = await new CheckRunner(_engine).RunAsync(
            Asset("lines", Check("unique", arguments: ("columns", List("o", "l"))), Check("unique", arguments: ("columns", List("l", "o"))),
                Check("unique", "o")),
            TestContext.Current.CancellationToken);

        results[0].Status.ShouldBe(CheckStatus.Fail);
        results[0].FailingRows.ShouldBe(5);
        results[0].Message.ShouldBe("5 rows with duplicate combinations of \"o\", \"l\"");
        var sample = results[0].Sample.ShouldNotBeNull();
        sample.Count.ShouldBe(2);
        sample[0].ShouldBe(new Dictionary<string, object?> { ["o"] = 2L, ["l"] = 1L, ["duplicates"] = 3L });
        results[1].FailingRows.ShouldBe(5);
        results[2].FailingRows.ShouldBe(8);
    }

    [Fact]
    public async Task RunAsync_UniqueWithoutDuplicates_PassesWithoutSample()
    {
        await ExecuteAsync("CREATE TABLE lines AS SELECT * FROM (VALUES (1, 1), (1, 2), (2, 1)) v(o, l)");

        var result = await RunSingleAsync(Asset("lines", Check("unique", arguments: ("columns", List("o", "l")))));

        result.Status.ShouldBe(CheckStatus.Pass);
        result.Sample.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_RelationshipsWithOrphans_SamplesTheOrphans()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1), (2)) v(id)");
        await ExecuteAsync("CREATE TABLE orders AS SELECT * FROM (VALUES (10, 1), (11, 9), (12, NULL)) v(id, customer_id)");

        var results = await new CheckRunner(_engine).RunAsync(
            KeyedAsset("orders", ["id"], Check("relationships", "customer_id", arguments: [("to", "customers"), ("field", "id")])),
            TestContext.Current.CancellationToken);

        results[0].FailingRows.ShouldBe(1);
        results[0].Sample.ShouldNotBeNull().ShouldHaveSingleItem().ShouldBe(
            new Dictionary<string, object?> { ["id"] = 11L, ["customer_id"] = 9L });
    }

    [Fact]
    public async Task RunAsync_SqlCheck_CountsReturnedRowsAndSamplesTheFirst()
    {
        await ExecuteAsync(Orders);

        var results = await new CheckRunner(_engine).RunAsync(
            Asset("orders",
                Check("sql", arguments: ("query", "SELECT id, amount FROM orders WHERE amount > 50 ORDER BY id;")),
                Check("sql", arguments: ("query", "SELECT * FROM orders WHERE amount > 1000"))),
            TestContext.Current.CancellationToken);

        results[0].Status.ShouldBe(CheckStatus.Fail);
        results[0].FailingRows.ShouldBe(2);
        results[0].Message.ShouldBe("2 rows returned by the query");
        results[0].Sample.ShouldNotBeNull().Select(r => r["id"]).ShouldBe([4, 5]);
        results[1].Status.ShouldBe(CheckStatus.Pass);
    }

    [Fact]
    public async Task RunAsync_FreshnessOfAColumn_JudgesTheNewestValueAgainstNow()
    {
        await ExecuteAsync(Orders);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

        var results = await new CheckRunner(_engine, time).RunAsync(
            Asset("orders",
                Check("freshness", "day", arguments: ("max_age", "1d")),
                Check("freshness", arguments: [("column", "day"), ("max_age", "2d")])),
            TestContext.Current.CancellationToken);

        var columnLevel = results.Single(r => r.Column == "day");
        columnLevel.Status.ShouldBe(CheckStatus.Fail);
        columnLevel.Message.ShouldBe("the newest \"day\" is 1d 12h old, older than max_age 1d");
        results.Single(r => r.Column is null).Status.ShouldBe(CheckStatus.Pass);
    }

    [Fact]
    public async Task RunAsync_FreshnessOfAColumnWithoutValues_Fails()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT CAST(NULL AS TIMESTAMP) AS updated_at FROM range(3)");

        var result = await RunSingleAsync(Asset("t", Check("freshness", "updated_at", arguments: ("max_age", "1d"))));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldBe("\"updated_at\" has no values, so its freshness is unknown");
    }

    [Fact]
    public async Task RunAsync_FreshnessOfLastLoad_ReadsTheRunStore()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var store = new LastLoadRunStore(new() { ["fresh"] = now.AddHours(-1), ["stale"] = now.AddHours(-7) });
        var runner = new CheckRunner(_engine, new FakeTimeProvider(now), options: new CheckRunnerOptions { Runs = store });
        var check = Check("freshness", arguments: ("max_age", "6h"));
        var before = _engine.StatementCount;

        var fresh = await runner.RunAsync(Asset("fresh", check), TestContext.Current.CancellationToken);
        var stale = await runner.RunAsync(Asset("stale", check), TestContext.Current.CancellationToken);
        var never = await runner.RunAsync(Asset("never", check), TestContext.Current.CancellationToken);

        fresh[0].Status.ShouldBe(CheckStatus.Pass);
        stale[0].Status.ShouldBe(CheckStatus.Fail);
        stale[0].Message.ShouldBe("the last successful load was 7h 0m ago, older than max_age 06:00:00");
        never[0].Status.ShouldBe(CheckStatus.Fail);
        (_engine.StatementCount - before).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_FreshnessOfLastLoadWithoutRunStore_Errors()
    {
        var result = await RunSingleAsync(Asset("t", Check("freshness", arguments: ("max_age", "6h"))));

        result.Status.ShouldBe(CheckStatus.Error);
    }

    [Fact]
    public async Task RunAsync_Schema_ReportsMissingMistypedAndExtraColumns()
    {
        await ExecuteAsync(Orders);
        var exact = new Dictionary<string, object?>
        {
            ["id"] = "INT", ["status"] = "text", ["amount"] = "DECIMAL", ["code"] = "VARCHAR", ["day"] = "date",
        };

        var results = await new CheckRunner(_engine).RunAsync(
            Asset("orders",
                Check("schema", arguments: ("columns", exact)),
                Check("schema", arguments: [("columns", List("id", "status")), ("allow_extra", "true")]),
                Check("schema", arguments: [("columns", new Dictionary<string, object?> { ["id"] = "VARCHAR", ["gone"] = null }),
                    ("allow_extra", "false")])),
            TestContext.Current.CancellationToken);

        results[0].Status.ShouldBe(CheckStatus.Pass, results[0].Message);
        results[1].Status.ShouldBe(CheckStatus.Pass);
        results[2].Status.ShouldBe(CheckStatus.Fail);
        results[2].Message.ShouldBe(
            "\"id\" is INTEGER, expected VARCHAR; missing column \"gone\"; unexpected column \"status\"; "
            + "unexpected column \"amount\"; unexpected column \"code\"; unexpected column \"day\"");
    }

    [Fact]
    public async Task RunAsync_SchemaOfAView_ReadsItsColumns()
    {
        await ExecuteAsync(Orders);
        await ExecuteAsync("CREATE VIEW paid AS SELECT id, amount FROM orders WHERE status = 'paid'");

        var result = await RunSingleAsync(Asset("paid",
            Check("schema", arguments: [("columns", List("id", "amount")), ("allow_extra", "false")])));

        result.Status.ShouldBe(CheckStatus.Pass, result.Message);
    }

    [Fact]
    public async Task RunAsync_WhereAndFailIf_CheckOnlyKeptRowsAndTolerateUpToTheLimit()
    {
        await ExecuteAsync(Orders);

        var results = await new CheckRunner(_engine).RunAsync(
            Asset("orders",
                With(Check("range", "amount", arguments: ("min", "0")), where: "status <> 'refund'"),
                With(Check("range", "amount", arguments: ("max", "50")), failIf: "2"),
                With(Check("range", "amount", arguments: ("max", "50")), failIf: "30%"),
                With(Check("not_null", "status"), where: "id > 1", failIf: "0.2")),
            TestContext.Current.CancellationToken);

        results[0].Status.ShouldBe(CheckStatus.Pass);
        results[0].RowsChecked.ShouldBe(3);
        results[1].Status.ShouldBe(CheckStatus.Pass);
        results[1].FailingRows.ShouldBe(2);
        results[1].Message.ShouldBe("2 rows with \"amount\" not <= 50 (within fail_if 2 rows)");
        results[2].Status.ShouldBe(CheckStatus.Fail);
        results[2].Sample.ShouldNotBeNull().Count.ShouldBe(2);
        results[3].Status.ShouldBe(CheckStatus.Fail);
        results[3].RowsChecked.ShouldBe(4);
    }

    [Fact]
    public async Task RunAsync_TenAggregateChecksAllPassing_SendsExactlyOneStatement()
    {
        await ExecuteAsync(Orders);
        var counting = new CountingSqlEngine(_engine);

        var results = await new CheckRunner(counting).RunAsync(
            KeyedAsset("orders", ["id"], TenAggregateChecks(failing: 0)), TestContext.Current.CancellationToken);

        results.Count.ShouldBe(10);
        results.ShouldAllBe(r => r.Status == CheckStatus.Pass);
        counting.Statements.Count.ShouldBe(1);
        counting.Statements[0].ShouldEndWith(" FROM \"orders\"");
    }

    [Fact]
    public async Task RunAsync_TenAggregateChecksThreeFailing_SendsOneScanPlusOneSamplePerFailure()
    {
        await ExecuteAsync(Orders);
        var counting = new CountingSqlEngine(_engine);

        var results = await new CheckRunner(counting).RunAsync(
            KeyedAsset("orders", ["id"], TenAggregateChecks(failing: 3)), TestContext.Current.CancellationToken);

        results.Count(r => r.Status == CheckStatus.Fail).ShouldBe(3);
        counting.Statements.Count.ShouldBe(1 + 3);
        counting.Statements.Skip(1).ShouldAllBe(s => s.EndsWith(" LIMIT 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SampleSizeOption_LimitsTheSample()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT CASE WHEN i % 2 = 0 THEN NULL ELSE i END AS v FROM range(100) r(i)");

        var results = await new CheckRunner(_engine, options: new CheckRunnerOptions { SampleSize = 2 })
            .RunAsync(Asset("t", Check("not_null", "v")), TestContext.Current.CancellationToken);

        results[0].FailingRows.ShouldBe(50);
        results[0].Sample.ShouldNotBeNull().Count.ShouldBe(2);
    }

    private static CheckSpec[] TenAggregateChecks(int failing)
    {
        CheckSpec[] passing =
        [
            Check("not_null", "id"),
            Check("row_count", arguments: [("min", "1"), ("max", "10")]),
            Check("accepted_values", "status", arguments: ("values", List("paid", "refund", "lost"))),
            Check("range", "amount", arguments: [("min", "-10"), ("max", "200")]),
            Check("regex", "code", arguments: ("pattern", "^[A-Za-z0-9]+$")),
            Check("length", "code", arguments: ("max", "10")),
            Check("expression", arguments: ("sql", "id > 0")),
            Check("completeness", "status", arguments: ("min_ratio", "0.5")),
            Check("range", "id", arguments: ("min", "1")),
            Check("not_null", "amount"),
        ];
        CheckSpec[] failures =
        [
            Check("not_null", "status"),
            Check("range", "amount", arguments: ("min", "0")),
            Check("length", "code", arguments: ("max", "4")),
        ];
        return [.. failures.Take(failing), .. passing.Skip(failing)];
    }
}
