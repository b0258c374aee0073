namespace Weir.Quality.Statistics;

/// <summary>
/// Distances between two distributions given as counts over the same bins (or categories), baseline first.
/// </summary>
internal static class DistributionDistance
{
    /// <summary>The share given to an empty bin so the logarithm of PSI stays finite.</summary>
    public const double EmptyShare = 1e-4;

    /// <summary>
    /// The population stability index: <c>Σ (aᵢ − bᵢ) · ln(aᵢ / bᵢ)</c> over the shares of each bin (empty bins count as
    /// <see cref="EmptyShare"/>). Rule of thumb: below 0.1 stable, 0.1–0.2 moderate shift, above 0.2 significant shift.
    /// 0 when either side has no values.
    /// </summary>
    public static double PopulationStabilityIndex(IReadOnlyList<long> baseline, IReadOnlyList<long> current)
    {
        Validate(baseline, current);
        var baseTotal = (double)baseline.Sum();
        var currentTotal = (double)current.Sum();
        if (baseTotal <= 0 || currentTotal <= 0)
        {
            return 0;
        }

        var psi = 0.0;
        for (var i = 0; i < baseline.Count; i++)
        {
            var b = Math.Max(baseline[i] / baseTotal, EmptyShare);
            var a = Math.Max(current[i] / currentTotal, EmptyShare);
            psi += (a - b) * Math.Log(a / b);
        }

        return psi;
    }

    /// <summary>
    /// The Kolmogorov–Smirnov statistic over binned data: the largest gap between the two cumulative shares at the bin
    /// edges (0 to 1). 0 when either side has no values.
    /// </summary>
    public static double KolmogorovSmirnov(IReadOnlyList<long> baseline, IReadOnlyList<long> current)
    {
        Validate(baseline, current);
        var baseTotal = (double)baseline.Sum();
        var currentTotal = (double)current.Sum();
        if (baseTotal <= 0 || currentTotal <= 0)
        {
            return 0;
        }

        double baseCumulative = 0, currentCumulative = 0, gap = 0;
        for (var i = 0; i < baseline.Count; i++)
        {
            baseCumulative += baseline[i] / baseTotal;
            currentCumulative += current[i] / currentTotal;
            gap = Math.Max(gap, Math.Abs(baseCumulative - currentCumulative));
        }

        return gap;
    }

    private static void Validate(IReadOnlyList<long> baseline, IReadOnlyList<long> current)
    {
        if (baseline.Count != current.Count)
        {
            throw new ArgumentException("Both distributions need the same bins.", nameof(current));
        }
    }
}
