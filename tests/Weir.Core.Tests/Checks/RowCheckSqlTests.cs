using Weir.Checks;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Checks;

public sealed class RowCheckSqlTests
{
    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static CheckSpec Check(string type, string? column, params (string Key, object? Value)[] arguments) =>
        new(type, column, CheckSeverity.Error, arguments.ToDictionary(a => a.Key, a => a.Value), SourceLocation.None);

    private static string Build(CheckSpec check)
    {
        RowCheckSql.TryBuild(check, Quote, Literal, out var condition, out var error).ShouldBeTrue(error);
        return condition;
    }

    private static string Fail(CheckSpec check)
    {
        RowCheckSql.TryBuild(check, Quote, Literal, out var condition, out var error).ShouldBeFalse();
        condition.ShouldBeNull();
        return error;
    }

    [Fact]
    public void TryBuild_NotNull_QuotesTheColumn() =>
        Build(Check("not_null", "order \"id\"")).ShouldBe("\"order \"\"id\"\"\" IS NULL");

    [Fact]
    public void TryBuild_AcceptedValues_QuotesEachValueAndSkipsNull() =>
        Build(Check("accepted_values", "s", ("values", new object?[] { "a", "it's", null, 3 })))
            .ShouldBe("\"s\" IS NOT NULL AND \"s\" NOT IN ('a', 'it''s', '3')");

    [Fact]
    public void TryBuild_AcceptedValuesEmpty_FailsEveryNonNullValue() =>
        Build(Check("accepted_values", "s", ("values", Array.Empty<object?>()))).ShouldBe("\"s\" IS NOT NULL");

    [Fact]
    public void TryBuild_AcceptedValuesNotAList_ExplainsWithoutQuotingTheValue() =>
        Fail(Check("accepted_values", "s", ("values", "secret"))).ShouldBe("\"values\" must be a list of accepted values");

    [Fact]
    public void TryBuild_RangeInclusive_FailsOutsideTheBounds() =>
        Build(Check("range", "n", ("min", "0"), ("max", "1.50")))
            .ShouldBe("\"n\" IS NOT NULL AND (\"n\" < 0 OR \"n\" > 1.50)");

    [Fact]
    public void TryBuild_RangeExclusive_FailsOnTheBoundsToo() =>
        Build(Check("range", "n", ("min", "0"), ("inclusive", "false")))
            .ShouldBe("\"n\" IS NOT NULL AND (\"n\" <= 0)");

    [Fact]
    public void TryBuild_RangeOfDates_QuotesTheBoundAsText() =>
        Build(Check("range", "d", ("max", "2026-01-01")))
            .ShouldBe("\"d\" IS NOT NULL AND (\"d\" > '2026-01-01')");

    [Fact]
    public void TryBuild_RangeWithoutBounds_Fails() =>
        Fail(Check("range", "n")).ShouldBe("needs \"min\", \"max\" or both");

    [Fact]
    public void TryBuild_Regex_MatchesTheTextOfTheValue() =>
        Build(Check("regex", "code", ("pattern", "^[A-Z]'$")))
            .ShouldBe("\"code\" IS NOT NULL AND NOT regexp_matches(CAST(\"code\" AS VARCHAR), '^[A-Z]''$')");

    [Fact]
    public void TryBuild_Length_ComparesTheTextLength() =>
        Build(Check("length", "code", ("min", "2"), ("max", "4")))
            .ShouldBe("\"code\" IS NOT NULL AND (length(CAST(\"code\" AS VARCHAR)) < 2 OR length(CAST(\"code\" AS VARCHAR)) > 4)");

    [Fact]
    public void TryBuild_LengthNotAnInteger_Fails() =>
        Fail(Check("length", "code", ("max", "-1"))).ShouldBe("\"max\" must be an integer >= 0");

    [Fact]
    public void TryBuild_Expression_FailsOnlyWhenFalse() =>
        Build(Check("expression", null, ("sql", "a > 0"))).ShouldBe("NOT coalesce((a > 0), TRUE)");

    [Fact]
    public void TryBuild_Where_RestrictsTheFailingRows()
    {
        var check = new CheckSpec("not_null", "a", CheckSeverity.Error, new Dictionary<string, object?>(), SourceLocation.None)
        {
            Where = "status <> 'test'",
        };

        Build(check).ShouldBe("(status <> 'test') AND (\"a\" IS NULL)");
    }

    [Theory]
    [InlineData("unique")]
    [InlineData("row_count")]
    [InlineData("completeness")]
    public void TryBuild_NotRowLevel_Fails(string type) =>
        Fail(Check(type, "a")).ShouldBe($"'{type}' is not a row-level check");

    [Fact]
    public void TryBuild_ColumnCheckWithoutColumn_Fails() =>
        Fail(Check("not_null", null)).ShouldBe("this check needs a column: declare it under the column's checks");
}
