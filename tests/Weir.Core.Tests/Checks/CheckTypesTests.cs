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
        CheckTypes.ColumnChecks.ShouldBe([
            "accepted_values", "anomaly", "completeness", "drift", "freshness", "length", "not_null", "range", "regex",
            "relationships", "unique"]);
        CheckTypes.TableChecks.ShouldBe(["anomaly", "drift", "expression", "freshness", "row_count", "schema", "sql", "unique"]);
        CheckTypes.IsColumnCheck("unique").ShouldBeTrue();
        CheckTypes.IsTableCheck("unique").ShouldBeTrue();
        CheckTypes.IsTableCheck("not_null").ShouldBeFalse();
        CheckTypes.IsRowLevel("range").ShouldBeTrue();
        CheckTypes.IsRowLevel("unique").ShouldBeFalse();
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
            Table("unique", ("columns", new List<object?> { "a", "b" })),
            Column("range", ("min", "0"), ("max", "2026-01-01"), ("inclusive", "false")),
            Column("regex", ("pattern", "^[A-Z]+$")),
            Column("length", ("max", "64")),
            Column("completeness", ("min_ratio", "0.95")),
            Column("freshness", ("max_age", "1d")),
            Table("freshness", ("max_age", "6h")),
            Table("freshness", ("column", "updated_at"), ("max_age", "30m")),
            Table("schema", ("columns", new Dictionary<string, object?> { ["id"] = "BIGINT", ["name"] = null })),
            Table("schema", ("columns", new List<object?> { "id", new Dictionary<string, object?> { ["name"] = "x", ["type"] = "INT" } }),
                ("allow_extra", "false")),
            Table("expression", ("sql", "a >= 0")),
            Table("sql", ("query", "select * from t where a < 0")),
            Table("anomaly", ("metric", "row_count"), ("window", "10")),
            Table("anomaly", ("metric", "mean"), ("column", "amount"), ("threshold", "3.5")),
            Column("anomaly", ("metric", "null_ratio")),
            Column("drift", ("baseline", "previous")),
            Table("drift", ("column", "amount")),
        ];

        valid.SelectMany(CheckTypes.Validate).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_UnknownCheck_SuggestsOrLists()
    {
        Problem(Column("uniqe")).ShouldBe("unknown check 'uniqe' | did you mean 'unique'?");
        Problem(Table("freshnes", ("max_age", "1d"))).ShouldBe("unknown check 'freshnes' | did you mean 'freshness'?");
        Problem(Table("volume")).ShouldStartWith("unknown check 'volume' | table checks: anomaly, drift,");
    }

    [Fact]
    public void Validate_WrongLevel_SaysWhereItBelongs()
    {
        Problem(Table("not_null"))
            .ShouldStartWith("'not_null' is a column check, not a table check | move it under a column's checks:; table checks: anomaly,");
        Problem(Column("row_count", ("min", "1")))
            .ShouldStartWith("'row_count' is a table check, not a column check | move it under the asset's checks:");
    }

    [Fact]
    public void Validate_ArgumentProblems_AreReported()
    {
        Problem(Column("not_null", ("where", "x > 1")))
            .ShouldBe("check 'not_null' has no argument 'where' | 'not_null' takes no arguments here");
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
    public void Validate_NewCheckArgumentProblems_AreReported()
    {
        Problem(Table("unique")).ShouldStartWith("check 'unique' needs 'columns'");
        Problem(Column("range")).ShouldStartWith("check 'range' needs 'min', 'max' or both");
        Problem(Column("range", ("min", "5"), ("max", "1"))).ShouldBe("check 'range' has 'min' greater than 'max' | make min <= max");
        Problem(Column("completeness", ("min_ratio", "1.5"))).ShouldStartWith("'min_ratio' of check 'completeness' must be a number from 0 to 1");
        Problem(Table("freshness", ("max_age", "soon"))).ShouldStartWith("'max_age' of check 'freshness' must be a duration");
        Problem(Table("anomaly", ("metric", "median"))).ShouldStartWith("'metric' of check 'anomaly' must be one of distinct, mean,");
        Problem(Table("anomaly", ("metric", "mean"))).ShouldStartWith("metric 'mean' of check 'anomaly' needs 'column'");
        Problem(Table("schema", ("columns", new List<object?> { new Dictionary<string, object?> { ["nme"] = "x" } })))
            .ShouldStartWith("'columns' of check 'schema' must be a list of column names");
        Problem(Table("drift")).ShouldStartWith("check 'drift' needs 'column'");
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        CheckTypes.Validate(Column("relationships", ("too", "x"))).Count.ShouldBe(3);
    }
}
