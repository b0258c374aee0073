namespace Weir.Orchestration;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(30_000, "30s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(7_200_000, "2h")]
    [InlineData(250, "250ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(86_401_000, "1d1s")]
    public void Format_Duration_IsShortAndReadable(long milliseconds, string expected) =>
        DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(expected);
}
