using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Weir.Checks;
using Weir.DuckDb;
using Weir.Project;
using static Weir.Quality.Tests.TestChecks;

namespace Weir.Quality.Tests;

public sealed partial class CheckRunnerTests : IAsyncLifetime
{
    private DuckDbEngine _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task RunAsync_NotNullWithNulls_FailsWithNullCount()
    {
        await ExecuteAsync("""CREATE TABLE orders AS SELECT * FROM (VALUES (1), (NULL), (3), (NULL), (NULL)) v("order id")""");

        var result = await RunSingleAsync(Asset("orders", Check("not_null", "order id")));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.FailingRows.ShouldBe(3);
        result.Message.ShouldBe("3 rows with NULL in \"order id\"");
        result.Asset.ShouldBe("orders");
        result.Column.ShouldBe("order id");
        result.Check.ShouldBe("not_null");
    }

    [Fact]
    public async Task RunAsync_NotNullWithoutNulls_Passes()
    {
        await ExecuteAsync("CREATE TABLE orders AS SELECT * FROM (VALUES (1), (2)) v(id)");

        var result = await RunSingleAsync(Asset("orders", Check("not_null", "id")));

        result.Status.ShouldBe(CheckStatus.Pass);
        result.FailingRows.ShouldBe(0);
        result.Message.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_UniqueWithRepeatsAndNulls_CountsEveryRowOfARepeatedValue()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES ('a'), ('a'), ('a'), ('b'), (NULL), (NULL)) v(s)");

        var result = await RunSingleAsync(Asset("t", Check("unique", "s")));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.FailingRows.ShouldBe(3);
        result.Message.ShouldBe("3 rows with duplicate values in \"s\"");
    }

    [Fact]
    public async Task RunAsync_UniqueWithRepeatedNullsOnly_Passes()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES ('a'), ('b'), (NULL), (NULL)) v(s)");

        var result = await RunSingleAsync(Asset("t", Check("unique", "s")));

        result.Status.ShouldBe(CheckStatus.Pass);
        result.FailingRows.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_SeveralUniqueChecks_CountsEachColumnInOneQuery()
    {
        await ExecuteAsync("""
            CREATE TABLE t AS SELECT * FROM (VALUES
                (1, 'a', 10), (1, 'a', 11), (2, 'a', 12), (3, NULL, NULL), (4, NULL, NULL), (4, 'b', 13)) v(id, s, n)
            """);
        var before = _engine.StatementCount;

        var results = await new CheckRunner(_engine).RunAsync(
            Asset("t", Check("unique", "id"), Check("unique", "s"), Check("unique", "n")),
            TestContext.Current.CancellationToken);

        (_engine.StatementCount - before).ShouldBe(1 + 2); // the grouped query, then a sample of each failing check
        results.Select(r => r.FailingRows).ShouldBe([4, 3, 0]);
        results.Select(r => r.Status).ShouldBe([CheckStatus.Fail, CheckStatus.Fail, CheckStatus.Pass]);
    }

    [Fact]
    public async Task RunAsync_AcceptedValuesWithNulls_CountsOnlyNonNullOutsiders()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES ('a'), ('b'), ('c'), ('d'), (NULL), ('a')) v(status)");

        var result = await RunSingleAsync(Asset("t", Check("accepted_values", "status", arguments: ("values", List("a", "b")))));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.FailingRows.ShouldBe(2);
        result.Message.ShouldBe("2 rows with values not in [a, b]");
    }

    [Fact]
    public async Task RunAsync_AcceptedValuesAllInListOrNull_Passes()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES ('a'), (NULL), ('b'), (NULL)) v(status)");

        var result = await RunSingleAsync(Asset("t", Check("accepted_values", "status", arguments: ("values", List("a", "b")))));

        result.Status.ShouldBe(CheckStatus.Pass);
        result.FailingRows.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_AcceptedValuesOnIntegerColumn_CastsStringValues()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1), (2), (3), (NULL), (7)) v(n)");

        var result = await RunSingleAsync(Asset("t", Check("accepted_values", "n", arguments: ("values", List("1", "2", "3")))));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.FailingRows.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_AcceptedValueNotCastableToColumnType_ErrorsWithEngineMessage()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1), (2)) v(n)");

        var result = await RunSingleAsync(Asset("t", Check("accepted_values", "n", arguments: ("values", List("1", "two")))));

        result.Status.ShouldBe(CheckStatus.Error);
        result.FailingRows.ShouldBe(0);
        var message = result.Message.ShouldNotBeNull();
        message.ShouldStartWith("accepted_values(n): ");
        message.ShouldContain("two");
    }

    [Fact]
    public async Task RunAsync_RelationshipsWithNullAndOrphanKeys_CountsOnlyOrphans()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1), (2)) v(id)");
        await ExecuteAsync("CREATE TABLE orders AS SELECT * FROM (VALUES (1), (2), (NULL), (9), (9), (NULL), (8)) v(customer_id)");

        var result = await RunSingleAsync(
            Asset("orders", Check("relationships", "customer_id", arguments: [("to", "customers"), ("field", "id")])));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.FailingRows.ShouldBe(3);
        result.Message.ShouldBe("3 rows with \"customer_id\" not found in customers.id");
    }

    [Fact]
    public async Task RunAsync_RelationshipsWithNullKeysOnly_Passes()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'x'), (NULL, 'y')) v(id, name)");
        await ExecuteAsync("CREATE TABLE orders AS SELECT * FROM (VALUES (1), (NULL), (1)) v(customer_id)");

        var result = await RunSingleAsync(
            Asset("orders", Check("relationships", "customer_id", arguments: [("to", "customers"), ("field", "id")])));

        result.Status.ShouldBe(CheckStatus.Pass);
        result.FailingRows.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_RowCountBelowMin_FailsWithRowCount()
    {
        await ExecuteAsync("CREATE TABLE t (id INTEGER)");

        var result = await RunSingleAsync(Asset("t", Check("row_count", arguments: ("min", "1"))));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.FailingRows.ShouldBe(0);
        result.Message.ShouldBe("row count 0 is below min 1");
        result.Column.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_RowCountAboveMax_FailsWithRowCount()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM range(5) r(id)");

        var result = await RunSingleAsync(Asset("t", Check("row_count", arguments: [("min", "1"), ("max", "3")])));

        result.Status.ShouldBe(CheckStatus.Fail);
        result.FailingRows.ShouldBe(5);
        result.Message.ShouldBe("row count 5 is above max 3");
    }

    [Fact]
    public async Task RunAsync_RowCountWithinBounds_Passes()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM range(5) r(id)");

        var result = await RunSingleAsync(Asset("t", Check("row_count", arguments: [("min", "5"), ("max", "5")])));

        result.Status.ShouldBe(CheckStatus.Pass);
        result.FailingRows.ShouldBe(0);
        result.Message.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_RowCountWithUnparsableMin_ErrorsWithoutQuery()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM range(5) r(id)");
        var before = _engine.StatementCount;

        var result = await RunSingleAsync(Asset("t", Check("row_count", arguments: ("min", "many"))));

        result.Status.ShouldBe(CheckStatus.Error);
        result.Message.ShouldBe("row_count: \"min\" must be a whole number, not \"many\"");
        (_engine.StatementCount - before).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_WarnSeverity_IsCarriedIntoResult()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (NULL)) v(id)");

        var results = await new CheckRunner(_engine).RunAsync(
            Asset("t", Check("row_count", arguments: ("min", "1")), Check("not_null", "id", CheckSeverity.Warn)),
            TestContext.Current.CancellationToken);

        results[0].Severity.ShouldBe(CheckSeverity.Error);
        results[0].Status.ShouldBe(CheckStatus.Pass);
        results[1].Severity.ShouldBe(CheckSeverity.Warn);
        results[1].Status.ShouldBe(CheckStatus.Fail);
        results[1].BlocksAsset.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_NamesWithSpacesCaseAndQuotes_AreQuoted()
    {
        await ExecuteAsync(""""
            CREATE TABLE "Order ""Lines""" AS SELECT * FROM (VALUES
                (1, 'x', 'A'), (1, NULL, 'B'), (2, NULL, 'C'), (NULL, 'y', 'A')) v("order ""id""", "Line Note", "MixedCase")
            """");

        var results = await new CheckRunner(_engine).RunAsync(
            Asset(
                "Order \"Lines\"",
                Check("not_null", "order \"id\""),
                Check("unique", "order \"id\""),
                Check("not_null", "Line Note"),
                Check("accepted_values", "MixedCase", arguments: ("values", List("A", "B")))),
            TestContext.Current.CancellationToken);

        results.Select(r => (r.Check, r.FailingRows)).ShouldBe(
            [("not_null", 1L), ("unique", 2L), ("not_null", 2L), ("accepted_values", 1L)]);
        results[0].Message.ShouldBe("1 row with NULL in \"order \"id\"\"");
    }

    [Fact]
    public async Task RunAsync_SixAggregateChecks_RunsOneStatement()
    {
        await ExecuteAsync("""
            CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a', 'x'), (2, 'b', NULL), (NULL, 'c', 'y')) v(id, status, note)
            """);
        var before = _engine.StatementCount;

        var results = await new CheckRunner(_engine).RunAsync(
            Asset(
                "t",
                Check("row_count", arguments: ("min", "1")),
                Check("row_count", arguments: ("max", "2")),
                Check("not_null", "id"),
                Check("accepted_values", "status", arguments: ("values", List("a", "b"))),
                Check("not_null", "status"),
                Check("not_null", "note")),
            TestContext.Current.CancellationToken);

        (_engine.StatementCount - before).ShouldBe(1 + 3); // the fused scan, then a sample of each failing row-level check
        results.Select(r => r.FailingRows).ShouldBe([0, 3, 1, 1, 0, 1]);
        results.Select(r => r.Status).ShouldBe(
            [CheckStatus.Pass, CheckStatus.Fail, CheckStatus.Fail, CheckStatus.Fail, CheckStatus.Pass, CheckStatus.Fail]);
    }

    [Fact]
    public async Task RunAsync_AggregateUniqueAndRelationshipChecks_RunsOneStatementPerQueryKind()
    {
        await ExecuteAsync("CREATE TABLE customers AS SELECT * FROM (VALUES (1), (2)) v(id)");
        await ExecuteAsync("""
            CREATE TABLE orders AS SELECT * FROM (VALUES (1, 1, 'a'), (2, 2, 'a'), (2, 3, 'b')) v(id, customer_id, status)
            """);
        var before = _engine.StatementCount;

        var results = await new CheckRunner(_engine).RunAsync(
            Asset(
                "orders",
                Check("row_count", arguments: ("min", "1")),
                Check("not_null", "id"),
                Check("unique", "id"),
                Check("relationships", "id", arguments: [("to", "customers"), ("field", "id")]),
                Check("relationships", "customer_id", arguments: [("to", "customers"), ("field", "id")]),
                Check("unique", "customer_id"),
                Check("accepted_values", "status", arguments: ("values", List("a", "b")))),
            TestContext.Current.CancellationToken);

        (_engine.StatementCount - before).ShouldBe(1 + 1 + 2 + 2); // fused, unique, two anti-joins, two samples
        results.Select(r => r.Check).ShouldBe(
            ["row_count", "not_null", "unique", "relationships", "relationships", "unique", "accepted_values"]);
        results.Select(r => r.FailingRows).ShouldBe([0, 0, 2, 0, 1, 0, 0]);
    }

    [Fact]
    public async Task RunAsync_ChecksDeclaredOnTableAndColumns_ReturnsDeclarationOrder()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (1, NULL)) v(id, s)");
        var tableChecks = new[] { Check("row_count", arguments: ("max", "1")) };
        var columns = new[]
        {
            new ColumnSpec("s", null, null, [Check("not_null", "s"), Check("unique", "s")], Diagnostics.SourceLocation.None),
            new ColumnSpec("id", null, null, [Check("unique", "id"), Check("not_null", "id")], Diagnostics.SourceLocation.None),
        };

        var results = await new CheckRunner(_engine).RunAsync(Asset("t", tableChecks, columns), TestContext.Current.CancellationToken);

        results.Select(r => (r.Check, r.Column, r.FailingRows)).ShouldBe(
            [("row_count", null, 2L), ("not_null", "s", 1L), ("unique", "s", 0L), ("unique", "id", 2L), ("not_null", "id", 0L)]);
    }

    [Fact]
    public async Task RunAsync_OneCheckOnMissingColumn_ErrorsOnlyThatCheck()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (NULL, 'z')) v(id, status)");

        var results = await new CheckRunner(_engine).RunAsync(
            Asset(
                "t",
                Check("row_count", arguments: ("min", "1")),
                Check("not_null", "id"),
                Check("not_null", "nope"),
                Check("accepted_values", "status", arguments: ("values", List("a")))),
            TestContext.Current.CancellationToken);

        results.Select(r => r.Status).ShouldBe([CheckStatus.Pass, CheckStatus.Fail, CheckStatus.Error, CheckStatus.Fail]);
        results.Select(r => r.FailingRows).ShouldBe([0, 1, 0, 1]);
        var message = results[2].Message.ShouldNotBeNull();
        message.ShouldStartWith("not_null(nope): ");
        message.ShouldContain("\"nope\"");
        message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task RunAsync_SharedQueryFails_LogsTheFallbackWithoutEngineMessages()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a')) v(id, s)");
        using var logs = new RecordingLoggerFactory();

        await new CheckRunner(_engine, loggerFactory: logs).RunAsync(
            Asset("t", Check("not_null", "id"), Check("not_null", "secret_col"), Check("not_null", "s")),
            TestContext.Current.CancellationToken);

        logs.Entries.ShouldContain(e => e.EventId == QualityEventIds.SharedQueryFailed && e.Level == LogLevel.Warning);
        logs.Entries.ShouldContain(e => e.EventId == QualityEventIds.CheckErrored && e.Message.Contains("not_null(secret_col)"));
        logs.Entries.ShouldNotContain(e => e.Message.Contains("Binder Error"));
    }

    [Fact]
    public async Task RunAsync_OneUniqueCheckOnMissingColumn_ErrorsOnlyThatCheck()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (1, 'b')) v(id, s)");

        var results = await new CheckRunner(_engine).RunAsync(
            Asset("t", Check("unique", "id"), Check("unique", "nope"), Check("unique", "s")),
            TestContext.Current.CancellationToken);

        results.Select(r => r.Status).ShouldBe([CheckStatus.Fail, CheckStatus.Error, CheckStatus.Pass]);
        results[0].FailingRows.ShouldBe(2);
        var message = results[1].Message.ShouldNotBeNull();
        message.ShouldStartWith("unique(nope): ");
    }

    [Fact]
    public async Task RunAsync_RelationshipToMissingAsset_ErrorsOnlyThatCheck()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1)) v(id)");

        var results = await new CheckRunner(_engine).RunAsync(
            Asset("t", Check("not_null", "id"), Check("relationships", "id", arguments: [("to", "ghosts"), ("field", "id")])),
            TestContext.Current.CancellationToken);

        results[0].Status.ShouldBe(CheckStatus.Pass);
        results[1].Status.ShouldBe(CheckStatus.Error);
        var message = results[1].Message.ShouldNotBeNull();
        message.ShouldStartWith("relationships(id): ");
        message.ShouldContain("ghosts");
    }

    [Fact]
    public async Task RunAsync_UnknownCheckType_ErrorsWithoutQuery()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1)) v(id)");
        var before = _engine.StatementCount;

        var result = await RunSingleAsync(Asset("t", Check("is_positive", "id", CheckSeverity.Warn)));

        result.Status.ShouldBe(CheckStatus.Error);
        result.Message.ShouldBe("is_positive(id): unknown check type");
        result.Check.ShouldBe("is_positive");
        result.Severity.ShouldBe(CheckSeverity.Warn);
        (_engine.StatementCount - before).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_NoChecks_ReturnsEmptyWithoutQuery()
    {
        var before = _engine.StatementCount;

        var results = await new CheckRunner(_engine).RunAsync(Asset("nothing_here"), TestContext.Current.CancellationToken);

        results.ShouldBeEmpty();
        (_engine.StatementCount - before).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_FusedScan_GivesEachCheckTheScanDuration()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a')) v(id, s)");
        var time = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromMilliseconds(7) };

        var results = await new CheckRunner(_engine, time).RunAsync(
            Asset("t", Check("row_count", arguments: ("min", "1")), Check("not_null", "id"), Check("not_null", "s")),
            TestContext.Current.CancellationToken);

        results[0].Duration.ShouldBeGreaterThan(TimeSpan.Zero);
        results.Select(r => r.Duration).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_CanceledToken_Throws()
    {
        await ExecuteAsync("CREATE TABLE t AS SELECT * FROM (VALUES (1)) v(id)");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(
            () => new CheckRunner(_engine).RunAsync(Asset("t", Check("not_null", "id")), cancellation.Token));
    }

    [Fact]
    public void EngineMessage_MessageWithSqlExcerpt_KeepsTheMessageOnOneLine()
    {
        var message = CheckRunner.EngineMessage(
            "Binder Error: Referenced column \"nope\" not found!\nCandidate bindings: \"id\"\n\nLINE 1: SELECT \"nope\" FROM t\n       ^");

        message.ShouldBe("Binder Error: Referenced column \"nope\" not found! Candidate bindings: \"id\"");
    }

    private async Task ExecuteAsync(string sql)
    {
        var session = await _engine.OpenSessionAsync(TestContext.Current.CancellationToken);
        await using (session)
        {
            await session.ExecuteAsync(sql, TestContext.Current.CancellationToken);
        }
    }

    private async Task<CheckResult> RunSingleAsync(Graph.AssetNode asset)
    {
        var results = await new CheckRunner(_engine).RunAsync(asset, TestContext.Current.CancellationToken);
        results.Count.ShouldBe(1);
        return results[0];
    }
}
