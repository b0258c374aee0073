using Weir.Lake.Protocol;

namespace Weir.Lake.Tests.Protocol;

public sealed class SchemaEvolutionTests
{
    [Theory]
    [InlineData("integer", "long")]
    [InlineData("byte", "short")]
    [InlineData("float", "double")]
    [InlineData("integer", "double")]
    [InlineData("short", "float")]
    [InlineData("integer", "decimal(10,0)")]
    [InlineData("long", "decimal(20,0)")]
    [InlineData("decimal(10,2)", "decimal(12,2)")]
    [InlineData("date", "timestamp_ntz")]
    [InlineData("date", "timestamp")]
    public void IsWidening_LosslessChange_IsTrue(string from, string to) => SchemaEvolution.IsWidening(from, to).ShouldBeTrue();

    [Theory]
    [InlineData("long", "integer")]
    [InlineData("double", "float")]
    [InlineData("long", "double")]
    [InlineData("integer", "float")]
    [InlineData("integer", "decimal(9,0)")]
    [InlineData("decimal(12,2)", "decimal(10,2)")]
    [InlineData("timestamp_ntz", "date")]
    [InlineData("integer", "string")]
    public void IsWidening_LossyOrOtherChange_IsFalse(string from, string to) => SchemaEvolution.IsWidening(from, to).ShouldBeFalse();

    [Fact]
    public void Compare_DateToTimestamp_IsAWidening()
    {
        var diff = SchemaEvolution.Compare(
            new TableSchema([new SchemaField("at", "date")]), new TableSchema([new SchemaField("at", "timestamp_ntz")]));

        diff.Widened.ShouldHaveSingleItem().To.Type.ShouldBe("timestamp_ntz");
        diff.Breaking.ShouldBeEmpty();
    }
}
