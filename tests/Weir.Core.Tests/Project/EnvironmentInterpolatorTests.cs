using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed class EnvironmentInterpolatorTests
{
    private static readonly EnvironmentInterpolator s_interpolator = new(name => name switch
    {
        "HOST" => "db.local",
        "PASSWORD" => "s3cr3t",
        "EMPTY" => string.Empty,
        _ => null,
    });

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("${HOST}", "db.local")]
    [InlineData("postgres://${HOST}:5432/${HOST}", "postgres://db.local:5432/db.local")]
    [InlineData("${MISSING:-fallback}", "fallback")]
    [InlineData("${HOST:-fallback}", "db.local")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${EMPTY}", "")]
    [InlineData("${MISSING:-}", "")]
    [InlineData("cost: $5 and $$", "cost: $5 and $$")]
    [InlineData("$${HOST}", "${HOST}")]
    [InlineData("$$${HOST}", "$${HOST}")]
    public void Interpolate_Value_ReplacesVariables(string text, string expected)
    {
        var result = s_interpolator.Interpolate(text);

        result.Value.ShouldBe(expected);
        result.MissingVariables.ShouldBeEmpty();
        result.Error.ShouldBeNull();
    }

    [Fact]
    public void Interpolate_UnsetWithoutDefault_NamesEachMissingVariableOnce()
    {
        var result = s_interpolator.Interpolate("${A}-${B}-${A}-${HOST}");

        result.MissingVariables.ShouldBe(["A", "B"]);
        result.Value.ShouldBe("---db.local");
    }

    [Theory]
    [InlineData("${HOST", "'${' is not closed by '}'")]
    [InlineData("${1ABC}", "'1ABC' is not a variable name (letters, digits and '_', not starting with a digit)")]
    [InlineData("${}", "'' is not a variable name (letters, digits and '_', not starting with a digit)")]
    public void Interpolate_Malformed_ReportsAnError(string text, string error)
    {
        s_interpolator.Interpolate(text).Error.ShouldBe(error);
    }

    [Fact]
    public void Interpolate_Problems_NeverContainAValue()
    {
        var result = s_interpolator.Interpolate("${PASSWORD}${NOPE}${PASSWORD");

        result.MissingVariables.ShouldBe(["NOPE"]);
        result.Error.ShouldNotBeNull().ShouldNotContain("s3cr3t");
    }

    [Fact]
    public void Interpolate_NoDollar_IsUnchanged()
    {
        var result = s_interpolator.Interpolate("data/*.csv");

        result.Changed.ShouldBeFalse();
        result.Value.ShouldBe("data/*.csv");
    }
}
