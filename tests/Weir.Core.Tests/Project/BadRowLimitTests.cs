using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed class BadRowLimitTests
{
    [Theory]
    [InlineData("10", 10L, null)]
    [InlineData("0", 0L, null)]
    [InlineData("0.05", null, 0.05)]
    [InlineData("2.5%", null, 0.025)]
    public void TryParse_CountRatioOrPercent_ReadsIt(string text, long? count, double? ratio)
    {
        BadRowLimit.TryParse(text).ShouldBe(new BadRowLimit(count, ratio));
    }

    [Theory]
    [InlineData("many")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("120%")]
    public void TryParse_NotALimit_ReturnsNull(string text)
    {
        BadRowLimit.TryParse(text).ShouldBeNull();
    }

    [Fact]
    public void IsExceeded_Count_FailsOnlyAboveIt()
    {
        var limit = new BadRowLimit(10, null);

        limit.IsExceeded(10, 1000).ShouldBeFalse();
        limit.IsExceeded(11, 1000).ShouldBeTrue();
    }

    [Fact]
    public void IsExceeded_Ratio_ComparesWithRowsRead()
    {
        var limit = new BadRowLimit(null, 0.01);

        limit.IsExceeded(10, 1000).ShouldBeFalse();
        limit.IsExceeded(11, 1000).ShouldBeTrue();
    }
}
