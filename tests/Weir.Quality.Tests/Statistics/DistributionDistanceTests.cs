using Weir.Quality.Statistics;

namespace Weir.Quality.Tests.Statistics;

public sealed class DistributionDistanceTests
{
    [Fact]
    public void PopulationStabilityIndex_SameShares_IsZero() =>
        DistributionDistance.PopulationStabilityIndex([10, 20, 30], [100, 200, 300]).ShouldBe(0, 1e-12);

    [Fact]
    public void PopulationStabilityIndex_ShiftedShares_MatchesTheFormula()
    {
        var psi = DistributionDistance.PopulationStabilityIndex([50, 50], [95, 5]);

        psi.ShouldBe((0.95 - 0.5) * Math.Log(0.95 / 0.5) + (0.05 - 0.5) * Math.Log(0.05 / 0.5), 1e-12);
    }

    [Fact]
    public void PopulationStabilityIndex_EmptyBin_StaysFinite()
    {
        var psi = DistributionDistance.PopulationStabilityIndex([100, 0], [50, 50]);

        double.IsFinite(psi).ShouldBeTrue();
        psi.ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public void PopulationStabilityIndex_NoValuesOnOneSide_IsZero() =>
        DistributionDistance.PopulationStabilityIndex([0, 0], [5, 5]).ShouldBe(0);

    [Fact]
    public void KolmogorovSmirnov_TakesTheLargestCumulativeGap()
    {
        var ks = DistributionDistance.KolmogorovSmirnov([25, 25, 25, 25], [0, 0, 50, 50]);

        ks.ShouldBe(0.5, 1e-12);
    }

    [Fact]
    public void KolmogorovSmirnov_SameShares_IsZero() =>
        DistributionDistance.KolmogorovSmirnov([1, 2, 3], [2, 4, 6]).ShouldBe(0, 1e-12);

    [Fact]
    public void PopulationStabilityIndex_DifferentBinCounts_Throws() =>
        Should.Throw<ArgumentException>(() => DistributionDistance.PopulationStabilityIndex([1, 2], [1]));
}
