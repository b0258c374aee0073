using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("1.5h", 5400)]
    [InlineData("45", 45)]
    [InlineData("0", 0)]
    public void TryParse_Valid_ReturnsTheDuration(string text, double seconds)
    {
        DurationParser.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("5 minutes")]
    [InlineData("1e3")]
    [InlineData("99999999999999d")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        DurationParser.TryParse(text, out _).ShouldBeFalse();
    }
}
