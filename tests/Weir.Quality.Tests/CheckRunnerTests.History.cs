using System.Globalization;
using Weir.Checks;
using Weir.Quality.Tests.Fakes;
using static Weir.Quality.Tests.TestChecks;

namespace Weir.Quality.Tests;

/// <summary>Anomaly and drift checks against a stored profile history, and real, dirty data.</summary>
public sealed partial class CheckRunnerTests
{
    [Fact]
    public async Task RunAsync_AnomalyOnRowCount_QuietOverTenNoisyRunsThenFiresOnAnEightyPercentDrop()
    {
        var profiles = new InMemoryProfileStore();
        var runner = new CheckRunner(_engine, options: new CheckRunnerOptions { Profiles = profiles });
        var asset = Asset("events", Check("anomaly", arguments: ("metric", "row_count")));
        double[] noise = [1.00, 1.03, 0.97, 1.05, 0.95, 1.02, 0.98, 1.04, 0.96, 1.01];
        var outcomes = new List<CheckResult>();
        foreach (var factor in noise.Append(0.2))
        {
            var rows = (long)(10_000 * factor);
            await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"CREATE OR REPLACE TABLE events AS SELECT range AS id FROM range({rows})"));
            outcomes.Add((await runner.RunAsync(asset, TestContext.Current.CancellationToken)).Single());
            await profiles.SaveProfileAsync(
                new TableProfile { Asset = "events", ProfiledAt = DateTimeOffset.UnixEpoch, RowCount = rows, Columns = [] },
                TestContext.Current.CancellationToken);
        }

        outcomes.Take(10).ShouldAllBe(r => r.Status == CheckStatus.Pass);
        outcomes[0].Message.ShouldBe("learning: 0 of 3 past runs needed to judge row_count");
        outcomes[3].Message.ShouldBeNull();
        outcomes[10].Status.ShouldBe(CheckStatus.Fail);
        outcomes[10].Message.ShouldNotBeNull().ShouldStartWith("row_count is 2000, robust z ");
    }

    [Fact]
    public async Task RunAsync_AnomalyOnNullRatio_LeavesThisRunsOwnProfileOutOfTheHistory()
    {
        var profiles = new InMemoryProfileStore();
        foreach (var (run, nulls) in new[] { ("r1", 10L), ("r2", 11L), ("r3", 9L), ("now", 90L) })
        {
            await profiles.SaveProfileAsync(Profile("t", run, 100, new ColumnProfile { Name = "v", Type = "INTEGER", Nulls = nulls }),
                TestContext.Current.CancellationToken);
        }

        await ExecuteAsync("CREATE TABLE t AS SELECT CASE WHEN i < 90 THEN NULL ELSE i END AS v FROM range(100) r(i)");
        var runner = new CheckRunner(_engine, options: new CheckRunnerOptions { Profiles = profiles, RunId = "now" });

        var result = (await runner.RunAsync(Asset("t", Check("anomaly", "v", arguments: ("metric", "null_ratio"))),
            TestContext.Current.CancellationToken)).Single();

        result.Status.ShouldBe(CheckStatus.Fail);
        result.Message.ShouldNotBeNull().ShouldStartWith("null_ratio of \"v\" is 0.9, robust z ");
    }

    [Theory]
    [InlineData("psi", "range(30)", CheckStatus.Pass)]
    [InlineData("psi", "range(20, 30)", CheckStatus.Fail)]
    [InlineData("ks", "range(30)", CheckStatus.Pass)]
    [InlineData("ks", "range(20, 30)", CheckStatus.Fail)]
    public async Task RunAsync_DriftOfANumericColumn_CountsTheBaselineBinsInTheFusedScan(string method, string values, CheckStatus status)
    {
        var profiles = new InMemoryProfileStore();
        await profiles.SaveProfileAsync(
            Profile("t", "r1", 30, new ColumnProfile
            {
                Name = "amount",
                Type = "BIGINT",
                Histogram = [new HistogramBin(0, 10, 10), new HistogramBin(10, 20, 10), new HistogramBin(20, 30, 10)],
            }),
            TestContext.Current.CancellationToken);
        await ExecuteAsync($"CREATE TABLE t AS SELECT range AS amount FROM {values}");
        var counting = new Fakes.CountingSqlEngine(_engine);
        var runner = new CheckRunner(counting, options: new CheckRunnerOptions { Profiles = profiles });

        var result = (await runner.RunAsync(Asset("t", Check("drift", "amount", arguments: ("method", method))),
            TestContext.Current.CancellationToken)).Single();

        result.Status.ShouldBe(status, result.Message);
        counting.Statements.Count.ShouldBe(1);
        if (status == CheckStatus.Fail)
        {
            result.Message.ShouldNotBeNull().ShouldStartWith($"\"amount\" drifted from the previous profile: {method.ToUpperInvariant()} ");
        }
    }

    [Theory]
    [InlineData(50, 50, CheckStatus.Pass)]
    [InlineData(95, 5, CheckStatus.Fail)]
    public async Task RunAsync_DriftOfATextColumn_ComparesCategoryShares(int a, int b, CheckStatus status)
    {
        var profiles = new InMemoryProfileStore();
        await profiles.SaveProfileAsync(
            Profile("t", "old", 120, new ColumnProfile
            {
                Name = "kind",
                Type = "VARCHAR",
                Nulls = 10,
                TopValues = [new ValueCount("a", 50), new ValueCount("b", 50), new ValueCount(null, 10)],
            }),
            TestContext.Current.CancellationToken);
        await profiles.SaveProfileAsync(
            Profile("t", "new", 100, new ColumnProfile { Name = "kind", Type = "VARCHAR", TopValues = [new ValueCount("zzz", 100)] }),
            TestContext.Current.CancellationToken);
        await ExecuteAsync(string.Create(CultureInfo.InvariantCulture,
            $"CREATE TABLE t AS SELECT 'a' AS kind FROM range({a}) UNION ALL SELECT 'b' FROM range({b}) UNION ALL SELECT 'c' FROM range(10)"));
        var runner = new CheckRunner(_engine, options: new CheckRunnerOptions { Profiles = profiles });

        var result = (await runner.RunAsync(Asset("t", Check("drift", "kind", arguments: ("baseline", "first"))),
            TestContext.Current.CancellationToken)).Single();

        result.Status.ShouldBe(status, result.Message);
    }

    [Fact]
    public async Task RunAsync_DriftWithoutProfiles_PassesWhileLearning()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT range AS amount FROM range(10)");
        var before = _engine.StatementCount;

        var result = await RunSingleAsync(Asset("t", Check("drift", "amount")));

        result.Status.ShouldBe(CheckStatus.Pass);
        result.Message.ShouldBe("learning: no baseline profile of \"amount\" yet");
        (_engine.StatementCount - before).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_DirtyNamesWithSpacesAndQuotes_CheckAndSampleEveryType()
    {
        await ExecuteAsync(""""
            CREATE TABLE "my ""dirty"" table" AS SELECT * FROM (VALUES
                (1, 'a b', NULL, NULL),
                (2, NULL, 5, NULL),
                (NULL, 'it''s', NULL, NULL),
                (4, 'a b', 7, NULL)) v("order id", "Customer ""Name""", "amount $", "all nulls")
            """");

        var results = await new CheckRunner(_engine).RunAsync(
            KeyedAsset("my \"dirty\" table", ["order id"],
                Check("not_null", "order id"),
                Check("not_null", "all nulls"),
                Check("accepted_values", "Customer \"Name\"", arguments: ("values", List("a b"))),
                Check("range", "amount $", arguments: ("min", "6")),
                Check("completeness", "all nulls", arguments: ("min_ratio", "0.5")),
                Check("unique", "Customer \"Name\""),
                Check("schema", arguments: ("columns", List("order id", "Customer \"Name\"", "amount $", "all nulls"))),
                Check("expression", arguments: ("sql", "\"amount $\" IS NULL OR \"order id\" IS NOT NULL"))),
            TestContext.Current.CancellationToken);

        results.ShouldAllBe(r => r.Status != CheckStatus.Error);
        var byName = results.ToDictionary(r => $"{r.Check}({r.Column})");
        byName["not_null(order id)"].FailingRows.ShouldBe(1);
        byName["not_null(all nulls)"].FailingRows.ShouldBe(4);
        byName["not_null(all nulls)"].Sample.ShouldNotBeNull().Count.ShouldBe(4);
        byName["accepted_values(Customer \"Name\")"].Sample.ShouldNotBeNull().ShouldHaveSingleItem()
            .ShouldBe(new Dictionary<string, object?> { ["order id"] = null, ["Customer \"Name\""] = "it's" });
        byName["range(amount $)"].FailingRows.ShouldBe(1);
        byName["completeness(all nulls)"].FailingRows.ShouldBe(4);
        byName["unique(Customer \"Name\")"].Sample.ShouldNotBeNull().ShouldHaveSingleItem()["duplicates"].ShouldBe(2L);
        byName["schema()"].Status.ShouldBe(CheckStatus.Pass);
        byName["expression()"].Status.ShouldBe(CheckStatus.Pass);
    }

    [Fact]
    public async Task RunAsync_JsonSourceWithMixedTypes_ChecksWithoutErrors()
    {
        var folder = Path.Combine(Path.GetTempPath(), "weir-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "events.ndjson");
            await File.WriteAllLinesAsync(file,
            [
                """{"id": 1, "value": 3, "tags": ["a"], "when": "2026-11-20"}""",
                """{"id": "2", "value": "three", "tags": null, "when": null}""",
                """{"id": 3, "value": null, "tags": "b", "when": "not a date"}""",
                """{"id": null, "value": 4.5, "extra": {"x": 1}}""",
            ], TestContext.Current.CancellationToken);
            await ExecuteAsync($"CREATE TABLE events AS SELECT * FROM read_json_auto('{file.Replace("'", "''", StringComparison.Ordinal)}')");

            var results = await new CheckRunner(_engine).RunAsync(
                KeyedAsset("events", ["id"],
                    Check("not_null", "id"),
                    Check("not_null", "value"),
                    // A field of mixed types is read as JSON: its text keeps the quotes of a JSON string.
                    Check("regex", "id", arguments: ("pattern", "^\"?[0-9]+\"?$")),
                    Check("length", "value", arguments: ("max", "3")),
                    Check("expression", arguments: ("sql", "TRY_CAST(value AS DOUBLE) IS NOT NULL OR value IS NULL")),
                    Check("completeness", "tags", arguments: ("min_ratio", "0.4")),
                    Check("unique", "id")),
                TestContext.Current.CancellationToken);

            results.ShouldAllBe(r => r.Status != CheckStatus.Error, string.Join("; ", results.Select(r => r.Message)));
            var byName = results.ToDictionary(r => $"{r.Check}({r.Column})");
            byName["not_null(id)"].FailingRows.ShouldBe(1);
            byName["not_null(value)"].FailingRows.ShouldBe(1);
            byName["regex(id)"].Status.ShouldBe(CheckStatus.Pass);
            byName["length(value)"].FailingRows.ShouldBe(1);
            byName["expression()"].FailingRows.ShouldBe(1);
            byName["expression()"].Sample.ShouldNotBeNull().ShouldHaveSingleItem()["id"].ShouldNotBeNull();
            byName["completeness(tags)"].Status.ShouldBe(CheckStatus.Pass);
            byName["unique(id)"].Status.ShouldBe(CheckStatus.Pass);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TableProfile Profile(string asset, string runId, long rows, ColumnProfile column) => new()
    {
        Asset = asset,
        RunId = runId,
        ProfiledAt = DateTimeOffset.UnixEpoch,
        RowCount = rows,
        Columns = [column],
    };
}
