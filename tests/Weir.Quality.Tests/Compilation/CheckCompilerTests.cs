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
            "SELECT count(*) AS c0, count(*) FILTER (WHERE \"order \"\"id\"\"\" IS NULL) AS c1, "
            + "count(*) FILTER (WHERE \"my Status\" IS NOT NULL AND \"my Status\" NOT IN ('a', 'it''s')) AS c2 "
            + "FROM \"order \"\"lines\"\"\"");
        plan.Checks.Select(c => c.Ordinal).ShouldBe([0, 1, 2]);
        plan.Checks.ShouldAllBe(c => c.Kind == CheckQueryKind.Aggregate);
        plan.UniqueSql.ShouldBeNull();
        plan.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Compile_AggregateCheck_HasAQueryThatComputesItAlone()
    {
        var plan = s_compiler.Compile("t", [Check("not_null", "a"), Check("not_null", "x")]);

        plan.Checks[1].Sql.ShouldBe("SELECT count(*) FILTER (WHERE \"x\" IS NULL) AS c0 FROM \"t\"");
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
            "SELECT CAST(coalesce(sum(n0) FILTER (WHERE g0 = 0 AND n0 > 1), 0) AS BIGINT) AS u0, "
            + "CAST(coalesce(sum(n1) FILTER (WHERE g1 = 0 AND n1 > 1), 0) AS BIGINT) AS u1 "
            + "FROM (SELECT GROUPING(\"a\") AS g0, count(\"a\") AS n0, GROUPING(\"B b\") AS g1, count(\"B b\") AS n1 FROM \"t\" "
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
        check.FailureText.ShouldBe("with \"customer \"id\"\" not found in Cust \"omers\".Id");
        plan.FusedSql.ShouldBeNull();
        plan.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Compile_AcceptedValuesEmptyList_CountsEveryNonNullRow()
    {
        var plan = s_compiler.Compile("t", [Check("accepted_values", "s", arguments: ("values", List()))]);

        plan.FusedSql.ShouldBe("SELECT count(*) FILTER (WHERE \"s\" IS NOT NULL) AS c0 FROM \"t\"");
    }

    [Fact]
    public void Compile_AcceptedValuesWithNullElement_LeavesItOut()
    {
        var plan = s_compiler.Compile("t", [Check("accepted_values", "s", arguments: ("values", List("a", null)))]);

        plan.FusedSql.ShouldBe("SELECT count(*) FILTER (WHERE \"s\" IS NOT NULL AND \"s\" NOT IN ('a')) AS c0 FROM \"t\"");
        plan.Checks[0].FailureText.ShouldBe("with values not in [a]");
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

        plan.Checks[0].Min.ShouldBe(-1);
        plan.Checks[0].Max.ShouldBe(10);
        plan.Checks[1].Min.ShouldBeNull();
        plan.Checks[1].Max.ShouldBeNull();
        plan.FusedSql.ShouldBe("SELECT count(*) AS c0, count(*) AS c1 FROM \"t\"");
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
        plan.Checks.Select(c => c.Ordinal).ShouldBe([-1, 0, 0, -1, 1, 1, -1]);
        plan.StatementCount.ShouldBe(4);
    }
}
