using Weir.Diagnostics;

namespace Weir.Core.Tests.Diagnostics;

public sealed class TextPositionTests
{
    [Theory]
    [InlineData("select 1", 0, 1, 1)]
    [InlineData("select 1", 7, 1, 8)]
    [InlineData("select\nfrom x", 7, 2, 1)]
    [InlineData("select\nfrom x", 12, 2, 6)]
    [InlineData("a\r\nb\r\nc", 6, 3, 1)]
    [InlineData("a\r\nb", 1, 1, 2)]
    [InlineData("a\rb", 2, 2, 1)]
    [InlineData("ab", 99, 1, 3)]
    [InlineData("ab", -4, 1, 1)]
    [InlineData("", 0, 1, 1)]
    public void GetLineAndColumn_Offset_IsOneBased(string text, int offset, int line, int column)
    {
        TextPosition.GetLineAndColumn(text, offset).ShouldBe((line, column));
    }

    [Fact]
    public void ToLocation_Offset_PointsIntoTheFile()
    {
        TextPosition.ToLocation("models/a.sql", "select *\nfrom foo", 14).ToString().ShouldBe("models/a.sql:2:6");
    }

    [Fact]
    public void ToLocation_NoOffset_IsLineOne()
    {
        TextPosition.ToLocation("models/a.sql", "select", null).ShouldBe(new SourceLocation("models/a.sql", 1));
    }
}
