using Weir.Checks;
using Weir.Quality.Compilation;

namespace Weir.Quality.Tests.Compilation;

public sealed class SchemaMatcherTests
{
    [Theory]
    [InlineData("INT", "INTEGER", true)]
    [InlineData("text", "VARCHAR", true)]
    [InlineData("decimal", "DECIMAL(18,3)", true)]
    [InlineData("DECIMAL(18, 3)", "DECIMAL(18,3)", true)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(18,3)", false)]
    [InlineData("BIGINT", "INTEGER", false)]
    [InlineData("timestamp with time zone", "TIMESTAMPTZ", true)]
    public void TypeMatches_AliasesAndParameters(string expected, string actual, bool matches) =>
        SchemaMatcher.TypeMatches(expected, actual).ShouldBe(matches);

    [Fact]
    public void Compare_NoColumns_FailsSayingTheTableMayNotExist()
    {
        var outcome = SchemaMatcher.Compare([("a", null)], [], allowExtra: true);

        outcome.Status.ShouldBe(CheckStatus.Fail);
        outcome.Message.ShouldBe("the table has no columns (does it exist?)");
    }

    [Fact]
    public void Compare_NamesDifferOnlyInCase_Match()
    {
        var outcome = SchemaMatcher.Compare([("Order ID", "bigint")], [("order id", "BIGINT")], allowExtra: false);

        outcome.Status.ShouldBe(CheckStatus.Pass);
    }
}
