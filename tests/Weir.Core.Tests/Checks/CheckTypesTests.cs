using Weir.Checks;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Checks;

public sealed class CheckTypesTests
{
    private static readonly SourceLocation s_at = new("models/m.yaml", 7, 9);

    private static CheckSpec Column(string type, params (string Key, object? Value)[] arguments) =>
        new(type, "id", CheckSeverity.Error, arguments.ToDictionary(a => a.Key, a => a.Value), s_at);

    private static CheckSpec Table(string type, params (string Key, object? Value)[] arguments) =>
        new(type, null, CheckSeverity.Error, arguments.ToDictionary(a => a.Key, a => a.Value), s_at);

    private static string Problem(CheckSpec check)
    {
        var problem = CheckTypes.Validate(check).ShouldHaveSingleItem();
        problem.Code.ShouldBe(DiagnosticCodes.InvalidCheck);
        problem.Location.ShouldBe(s_at);
        return $"{problem.Message} | {problem.Hint}";
    }

    [Fact]
    public void Catalogue_ListsColumnAndTableChecks()
    {
        CheckTypes.ColumnChecks.ShouldBe(["accepted_values", "not_null", "relationships", "unique"]);
        CheckTypes.TableChecks.ShouldBe(["row_count"]);
        CheckTypes.IsColumnCheck("unique").ShouldBeTrue();
        CheckTypes.IsTableCheck("unique").ShouldBeFalse();
    }

    [Fact]
    public void Validate_ValidChecks_HaveNoProblems()
    {
        CheckSpec[] valid =
        [
            Column("not_null"),
            Column("unique"),
            Column("accepted_values", ("values", new List<object?> { "a", "b" })),
            Column("relationships", ("to", "customers"), ("field", "id")),
            Table("row_count", ("min", "1")),
            Table("row_count", ("max", "0")),
            Table("row_count", ("min", "5"), ("max", "5")),
        ];

        valid.SelectMany(CheckTypes.Validate).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_UnknownCheck_SuggestsOrLists()
    {
        Problem(Column("uniqe")).ShouldBe("unknown check 'uniqe' | did you mean 'unique'?");
        Problem(Table("freshness")).ShouldBe("unknown check 'freshness' | table checks: row_count");
    }

    [Fact]
    public void Validate_WrongLevel_SaysWhereItBelongs()
    {
        Problem(Table("not_null"))
            .ShouldBe("'not_null' is a column check, not a table check | move it under a column's checks:; table checks: row_count");
        Problem(Column("row_count", ("min", "1")))
            .ShouldStartWith("'row_count' is a table check, not a column check | move it under the asset's checks:");
    }

    [Fact]
    public void Validate_ArgumentProblems_AreReported()
    {
        Problem(Column("not_null", ("where", "x > 1")))
            .ShouldBe("check 'not_null' has no argument 'where' | 'not_null' takes no arguments");
        Problem(Column("accepted_values", ("valuse", new List<object?> { "a" }), ("values", new List<object?> { "a" })))
            .ShouldBe("check 'accepted_values' has no argument 'valuse' | did you mean 'values'?");
        Problem(Column("accepted_values")).ShouldBe("check 'accepted_values' needs 'values' | e.g. accepted_values: { values: [a, b] }");
        Problem(Column("accepted_values", ("values", new List<object?>())))
            .ShouldStartWith("'values' of check 'accepted_values' must be a non-empty list");
        Problem(Column("accepted_values", ("values", "a"))).ShouldStartWith("'values' of check 'accepted_values' must be a non-empty list");
        Problem(Column("relationships", ("to", "customers"))).ShouldStartWith("check 'relationships' needs 'field'");
        Problem(Column("relationships", ("to", new List<object?> { "a" }), ("field", "id")))
            .ShouldStartWith("'to' of check 'relationships' must be a name");
        Problem(Table("row_count")).ShouldStartWith("check 'row_count' needs 'min', 'max' or both");
        Problem(Table("row_count", ("min", "-1"))).ShouldStartWith("'min' of check 'row_count' must be an integer >= 0");
        Problem(Table("row_count", ("min", "ten"))).ShouldStartWith("'min' of check 'row_count' must be an integer >= 0");
        Problem(Table("row_count", ("min", "10"), ("max", "5")))
            .ShouldBe("check 'row_count' has 'min' greater than 'max' | make min <= max");
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        CheckTypes.Validate(Column("relationships", ("too", "x"))).Count.ShouldBe(3);
    }
}
