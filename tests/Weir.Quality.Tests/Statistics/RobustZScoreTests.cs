using Weir.Quality.Statistics;

namespace Weir.Quality.Tests.Statistics;

public sealed class RobustZScoreTests
{
    [Fact]
    public void Median_OddAndEvenCounts_TakesTheMiddle()
    {
        RobustZScore.Median([3, 1, 2]).ShouldBe(2);
        RobustZScore.Median([4, 1, 3, 2]).ShouldBe(2.5);
    }

    [Fact]
    public void Score_ValueFarFromHistory_IsScaledByTheMedianAbsoluteDeviation()
    {
        var score = RobustZScore.Score(20, [9, 10, 11, 10, 12, 8], out var median, out var mad);

        median.ShouldBe(10);
        mad.ShouldBe(1);
        score.ShouldBe(0.6745 * 10, 1e-9);
    }

    [Fact]
    public void Score_OnePastOutlier_BarelyMovesTheScore()
    {
        var clean = RobustZScore.Score(105, [100, 101, 99, 100, 102, 98], out _, out _);
        var withOutlier = RobustZScore.Score(105, [100, 101, 99, 100, 102, 10_000], out _, out _);

        withOutlier.ShouldBeInRange(clean * 0.5, clean * 1.5);
    }

    [Fact]
    public void Score_FlatHistory_UsesARelativeEpsilon()
    {
        RobustZScore.Score(1000.5, [1000, 1000, 1000], out _, out var mad).ShouldBe(0);
        mad.ShouldBe(0);
        RobustZScore.Score(1100, [1000, 1000, 1000], out _, out _).ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public void Median_NoValues_Throws() => Should.Throw<ArgumentException>(() => RobustZScore.Median([]));
}
