using Weir.Checks;
using Weir.Project;
using Weir.Quality.Compilation;
using static Weir.Quality.Tests.TestChecks;

namespace Weir.Quality.Tests.Compilation;

public sealed class CheckCompilerTests
{
    private static readonly CheckCompiler s_compiler = new(
        name => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        value => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'");

    [Fact]
    public void Compile_AggregateChecks_FusesThemIntoOneScanWithQuotedNames()
    {
        var plan = s_compiler.Compile(
            "order \"lines\"",
            [
                Check("row_count", arguments: ("min", "1")),
                Check("not_null", "order \"id\""),
                Check("accepted_values", "my Status", arguments: ("values", List("a", "it's"))),
            ]);

        plan.FusedSql.ShouldBe(
            "SELECT count(*) AS c0, count_if(\"order \"\"id\"\"\" IS NULL) AS c1, "
            + "count_if(\"my Status\" IS NOT NULL AND \"my Status\" NOT IN ('a', 'it''s')) AS c2 "
            + "FROM \"order \"\"lines\"\"\"");
        plan.Checks.Select(c => string.Join(",", c.Ordinals)).ShouldBe(["0", "1,0", "2,0"]);
        plan.Checks.ShouldAllBe(c => c.Kind == CheckQueryKind.Aggregate);
        plan.UniqueSql.ShouldBeNull();
        plan.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Compile_AggregateCheck_HasAQueryThatComputesItAlone()
    {
        var plan = s_compiler.Compile("t", [Check("not_null", "a"), Check("not_null", "x")]);

        plan.Checks[1].Sql.ShouldBe("SELECT count_if(\"x\" IS NULL) AS c0, count(*) AS c1 FROM \"t\"");
    }

    [Fact]
    public void Compile_OneUniqueCheck_CountsDuplicateRowsWithPlainGroupBy()
    {
        var plan = s_compiler.Compile("t", [Check("unique", "order \"id\"")]);

        plan.UniqueSql.ShouldBe(
            "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) AS u0 FROM (SELECT count(*) AS n FROM \"t\" "
            + "WHERE \"order \"\"id\"\"\" IS NOT NULL GROUP BY \"order \"\"id\"\"\" HAVING count(*) > 1) AS d");
        plan.FusedSql.ShouldBeNull();
        plan.Checks[0].Kind.ShouldBe(CheckQueryKind.Unique);
        plan.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Compile_SeveralUniqueChecks_UsesOneGroupingSetPerDistinctColumn()
    {
        var plan = s_compiler.Compile("t", [Check("unique", "a"), Check("unique", "B b"), Check("unique", "a", CheckSeverity.Warn)]);

        plan.UniqueSql.ShouldBe(
            "SELECT CAST(coalesce(sum(n0) FILTER (WHERE g = 1 AND n0 > 1), 0) AS BIGINT) AS u0, "
            + "CAST(coalesce(sum(n1) FILTER (WHERE g = 2 AND n1 > 1), 0) AS BIGINT) AS u1 "
            + "FROM (SELECT GROUPING(\"a\", \"B b\") AS g, count(\"a\") AS n0, count(\"B b\") AS n1 FROM \"t\" "
            + "GROUP BY GROUPING SETS ((\"a\"), (\"B b\")) HAVING count(*) > 1) AS d");
        plan.Checks.Select(c => c.Ordinal).ShouldBe([0, 1, 0]);
        plan.Checks[1].Sql.ShouldBe(
            "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) AS c0 FROM (SELECT count(*) AS n FROM \"t\" "
            + "WHERE \"B b\" IS NOT NULL GROUP BY \"B b\" HAVING count(*) > 1) AS d");
        plan.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Compile_Relationships_CompilesAnAntiJoinOfItsOwn()
    {
        var plan = s_compiler.Compile(
            "my orders",
            [Check("relationships", "customer \"id\"", arguments: [("to", "Cust \"omers\""), ("field", "Id")])]);

        var check = plan.Checks.ShouldHaveSingleItem();
        check.Kind.ShouldBe(CheckQueryKind.Separate);
        check.Sql.ShouldBe(
            "SELECT count(*) AS c0 FROM \"my orders\" AS c WHERE c.\"customer \"\"id\"\"\" IS NOT NULL "
            + "AND NOT EXISTS (SELECT 1 FROM \"Cust \"\"omers\"\"\" AS p WHERE p.\"Id\" = c.\"customer \"\"id\"\"\")");
        check.Judge(new CheckInput([2L], null, default)).Message.ShouldBe("2 rows with \"customer \"id\"\" not found in Cust \"omers\".Id");
        plan.FusedSql.ShouldBeNull();
        plan.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Compile_AcceptedValuesEmptyList_CountsEveryNonNullRow()
    {
        var plan = s_compiler.Compile("t", [Check("accepted_values", "s", arguments: ("values", List()))]);

        plan.FusedSql.ShouldBe("SELECT count_if(\"s\" IS NOT NULL) AS c0, count(*) AS c1 FROM \"t\"");
    }

    [Fact]
    public void Compile_AcceptedValuesWithNullElement_LeavesItOut()
    {
        var plan = s_compiler.Compile("t", [Check("accepted_values", "s", arguments: ("values", List("a", null)))]);

        plan.FusedSql.ShouldBe("SELECT count_if(\"s\" IS NOT NULL AND \"s\" NOT IN ('a')) AS c0, count(*) AS c1 FROM \"t\"");
        plan.Checks[0].Judge(new CheckInput([1L], 3, default)).Message.ShouldBe("1 row with values not in [a]");
    }

    [Fact]
    public void Compile_AcceptedValuesNotAList_IsInvalid()
    {
        var plan = s_compiler.Compile("t", [Check("accepted_values", "s", arguments: ("values", "a"))]);

        var check = plan.Checks.ShouldHaveSingleItem();
        check.Kind.ShouldBe(CheckQueryKind.Invalid);
        check.Error.ShouldBe("accepted_values(s): \"values\" must be a list of accepted values");
        plan.StatementCount.ShouldBe(0);
    }

    [Fact]
    public void Compile_AcceptedValuesWithNestedList_IsInvalid()
    {
        var plan = s_compiler.Compile("t", [Check("accepted_values", "s", arguments: ("values", List("a", List("b"))))]);

        plan.Checks[0].Error.ShouldBe("accepted_values(s): \"values\" must hold plain values, not lists or maps");
    }

    [Fact]
    public void Compile_UnknownType_IsInvalidAndRunsNothing()
    {
        var plan = s_compiler.Compile("t", [Check("is_positive", "x")]);

        plan.Checks[0].Kind.ShouldBe(CheckQueryKind.Invalid);
        plan.Checks[0].Error.ShouldBe("is_positive(x): unknown check type");
        plan.FusedSql.ShouldBeNull();
        plan.UniqueSql.ShouldBeNull();
        plan.StatementCount.ShouldBe(0);
    }

    [Fact]
    public void Compile_ColumnCheckWithoutColumn_IsInvalid()
    {
        var plan = s_compiler.Compile("t", [Check("not_null")]);

        plan.Checks[0].Error.ShouldBe("not_null: this check needs a column: declare it under the column's checks");
        plan.StatementCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("field", "\"to\" must name the asset the column refers to")]
    [InlineData("to", "\"field\" must name the column of \"to\" the column refers to")]
    public void Compile_RelationshipsMissingAnArgument_IsInvalid(string given, string error)
    {
        var plan = s_compiler.Compile("t", [Check("relationships", "x", arguments: (given, "y"))]);

        plan.Checks[0].Kind.ShouldBe(CheckQueryKind.Invalid);
        plan.Checks[0].Error.ShouldBe($"relationships(x): {error}");
    }

    [Fact]
    public void Compile_RowCountBounds_AreParsedAsInvariantIntegers()
    {
        var plan = s_compiler.Compile("t", [Check("row_count", arguments: [("min", "-1"), ("max", " 10 ")]), Check("row_count")]);

        plan.Checks[0].Judge(new CheckInput([], 11, default)).Message.ShouldBe("row count 11 is above max 10");
        plan.Checks[0].Judge(new CheckInput([], 0, default)).Status.ShouldBe(CheckStatus.Pass);
        plan.Checks[1].Judge(new CheckInput([], 1_000_000, default)).Status.ShouldBe(CheckStatus.Pass);
        plan.FusedSql.ShouldBe("SELECT count(*) AS c0 FROM \"t\"");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1,000")]
    [InlineData("lots")]
    public void Compile_RowCountBoundNotAnInteger_IsInvalid(string max)
    {
        var plan = s_compiler.Compile("t", [Check("row_count", arguments: ("max", max))]);

        plan.Checks[0].Kind.ShouldBe(CheckQueryKind.Invalid);
        plan.Checks[0].Error.ShouldBe($"row_count: \"max\" must be a whole number, not \"{max}\"");
    }

    [Fact]
    public void Compile_MixedChecks_KeepsDeclarationOrderAndCountsOneStatementPerQuery()
    {
        var plan = s_compiler.Compile(
            "t",
            [
                Check("relationships", "a", arguments: [("to", "u"), ("field", "id")]),
                Check("unique", "a"),
                Check("not_null", "a"),
                Check("bogus"),
                Check("unique", "b"),
                Check("row_count", arguments: ("min", "1")),
                Check("relationships", "b", arguments: [("to", "u"), ("field", "id")]),
            ]);

        plan.Checks.Select(c => c.Spec.DisplayName).ShouldBe(
            ["relationships(a)", "unique(a)", "not_null(a)", "bogus", "unique(b)", "row_count", "relationships(b)"]);
        plan.Checks.Select(c => c.Kind).ShouldBe(
            [
                CheckQueryKind.Separate, CheckQueryKind.Unique, CheckQueryKind.Aggregate, CheckQueryKind.Invalid,
                CheckQueryKind.Unique, CheckQueryKind.Aggregate, CheckQueryKind.Separate,
            ]);
        plan.Checks.Select(c => c.Ordinal).ShouldBe([-1, 0, -1, -1, 1, -1, -1]);
        plan.StatementCount.ShouldBe(4);
    }

    [Fact]
    public void Compile_ChecksWithWhere_FilterEachAggregateAndCountRowsOncePerDistinctWhere()
    {
        var plan = s_compiler.Compile(
            "t",
            [
                Check("not_null", "a"),
                WithWhere(Check("not_null", "b"), "s = 'x'"),
                WithWhere(Check("range", "c", arguments: ("min", "0")), "s = 'x'"),
            ]);

        plan.FusedSql.ShouldBe(
            "SELECT count_if(\"a\" IS NULL) AS c0, count(*) AS c1, "
            + "count_if((s = 'x') AND (\"b\" IS NULL)) AS c2, count_if(s = 'x') AS c3, "
            + "count_if((s = 'x') AND (\"c\" IS NOT NULL AND (\"c\" < 0))) AS c4 FROM \"t\"");
        plan.Checks.Select(c => string.Join(",", c.Ordinals)).ShouldBe(["0,1", "2,3", "4,3"]);
    }

    [Theory]
    [InlineData("10", 10, CheckStatus.Pass)]
    [InlineData("10", 11, CheckStatus.Fail)]
    [InlineData("1%", 10, CheckStatus.Pass)]
    [InlineData("1%", 11, CheckStatus.Fail)]
    [InlineData("0.05", 50, CheckStatus.Pass)]
    [InlineData("0.05", 51, CheckStatus.Fail)]
    public void Counted_FailIf_PassesUpToTheToleranceOfRowsChecked(string failIf, long failing, CheckStatus status)
    {
        var check = Check("not_null", "a");
        var tolerant = new CheckSpec(check.Type, check.Column, check.Severity, check.Arguments, check.Location)
        {
            FailIf = BadRowLimit.TryParse(failIf),
        };

        var outcome = CheckCompiler.Counted(tolerant, failing, 1000, "with NULL in \"a\"");

        outcome.Status.ShouldBe(status);
        outcome.FailingRows.ShouldBe(failing);
        outcome.RowsChecked.ShouldBe(1000);
        if (status == CheckStatus.Pass)
        {
            outcome.Message.ShouldNotBeNull().ShouldContain("within fail_if");
        }
    }

    [Fact]
    public void Counted_NoFailingRows_PassesWithoutMessage()
    {
        var outcome = CheckCompiler.Counted(Check("not_null", "a"), 0, 5, "with NULL in \"a\"");

        outcome.Status.ShouldBe(CheckStatus.Pass);
        outcome.Message.ShouldBeNull();
        outcome.RowsChecked.ShouldBe(5);
    }

    [Fact]
    public void Counted_OneFailingRow_SaysRowInTheSingular()
    {
        var outcome = CheckCompiler.Counted(Check("not_null", "a"), 1, 5, "with NULL in \"a\"");

        outcome.Status.ShouldBe(CheckStatus.Fail);
        outcome.Message.ShouldBe("1 row with NULL in \"a\"");
    }

    [Fact]
    public void Compile_UniqueOverColumnsBesideSingleColumns_UsesTheGroupingMaskOfEachSet()
    {
        var plan = s_compiler.Compile("t", [Check("unique", "a"), Check("unique", arguments: ("columns", List("a", "b")))]);

        plan.UniqueSql.ShouldBe(
            "SELECT CAST(coalesce(sum(n0) FILTER (WHERE g = 1 AND n0 > 1), 0) AS BIGINT) AS u0, "
            + "CAST(coalesce(sum(n1) FILTER (WHERE g = 0 AND n1 > 1), 0) AS BIGINT) AS u1 "
            + "FROM (SELECT GROUPING(\"a\", \"b\") AS g, count(\"a\") AS n0, "
            + "count(*) FILTER (WHERE \"a\" IS NOT NULL AND \"b\" IS NOT NULL) AS n1 FROM \"t\" "
            + "GROUP BY GROUPING SETS ((\"a\"), (\"a\", \"b\")) HAVING count(*) > 1) AS d");
        plan.Checks.Select(c => c.Ordinal).ShouldBe([0, 1]);
    }

    [Fact]
    public void Compile_UniqueWithWhere_RunsAQueryOfItsOwn()
    {
        var plan = s_compiler.Compile("t", [WithWhere(Check("unique", "a"), "b > 0")]);

        plan.UniqueSql.ShouldBeNull();
        plan.Checks[0].Kind.ShouldBe(CheckQueryKind.Separate);
        plan.Checks[0].Sql.ShouldBe(
            "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) AS c0 FROM (SELECT count(*) AS n FROM \"t\" "
            + "WHERE (b > 0) AND (\"a\" IS NOT NULL) GROUP BY \"a\" HAVING count(*) > 1) AS d");
    }

    [Fact]
    public void Compile_SampleOfAColumnCheck_PutsTheKeysFirst()
    {
        var plan = s_compiler.Compile("t", [Check("not_null", "a")], ["id", "line"], []);

        plan.Checks[0].SampleSql.ShouldBe("SELECT \"id\", \"line\", \"a\" FROM \"t\" WHERE \"a\" IS NULL");
    }

    [Fact]
    public void Compile_SampleWithoutKeys_SelectsTheWholeRow()
    {
        var plan = s_compiler.Compile("t", [Check("not_null", "a")]);

        plan.Checks[0].SampleSql.ShouldBe("SELECT * FROM \"t\" WHERE \"a\" IS NULL");
    }

    [Fact]
    public void Compile_SchemaAndFreshnessOfLastLoad_ScanNothing()
    {
        var plan = s_compiler.Compile(
            "t",
            [Check("schema", arguments: ("columns", List("a"))), Check("freshness", arguments: ("max_age", "1h"))]);

        plan.FusedSql.ShouldBeNull();
        plan.Checks.Select(c => c.Kind).ShouldBe([CheckQueryKind.Schema, CheckQueryKind.LastLoad]);
        plan.Checks[1].MaxAge.ShouldBe(TimeSpan.FromHours(1));
        plan.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Compile_AnomalyWithShortHistory_PassesWhileLearningWithoutQuery()
    {
        var plan = s_compiler.Compile("t", [Check("anomaly", arguments: ("metric", "row_count"))], [], [Profile(10), Profile(11)]);

        plan.FusedSql.ShouldBeNull();
        var outcome = plan.Checks[0].Judge(new CheckInput([], null, default));
        outcome.Status.ShouldBe(CheckStatus.Pass);
        outcome.Message.ShouldBe("learning: 2 of 3 past runs needed to judge row_count");
    }

    private static CheckSpec WithWhere(CheckSpec check, string where) =>
        new(check.Type, check.Column, check.Severity, check.Arguments, check.Location) { Where = where };

    private static TableProfile Profile(long rows) => new()
    {
        Asset = "t",
        ProfiledAt = DateTimeOffset.UnixEpoch,
        RowCount = rows,
        Columns = [],
    };
}
