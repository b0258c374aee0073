namespace Weir.Quality.Statistics;

/// <summary>
/// The robust z-score of a value against its history: <c>0.6745 · |x − median| / MAD</c>, where MAD is the median
/// absolute deviation of the history from its median. Unlike a mean/standard-deviation z-score, one past outlier
/// hardly moves it.
/// </summary>
/// <remarks>
/// When the history is flat (MAD = 0) the score would divide by zero: a value within a relative epsilon
/// (<see cref="FlatEpsilon"/> of the median's magnitude, at least of 1) of the median scores 0, any other value
/// scores <see cref="double.PositiveInfinity"/>.
/// </remarks>
internal static class RobustZScore
{
    /// <summary>The consistency constant that makes MAD comparable to a standard deviation for normal data.</summary>
    public const double Consistency = 0.6745;

    /// <summary>The relative tolerance around the median of a flat history.</summary>
    public const double FlatEpsilon = 0.01;

    /// <summary>The score of <paramref name="value"/> against <paramref name="history"/> (non-empty).</summary>
    public static double Score(double value, IReadOnlyList<double> history, out double median, out double mad)
    {
        median = Median(history);
        var center = median;
        mad = Median([.. history.Select(h => Math.Abs(h - center))]);
        var deviation = Math.Abs(value - median);
        if (mad > 0)
        {
            return Consistency * deviation / mad;
        }

        return deviation <= FlatEpsilon * Math.Max(1, Math.Abs(median)) ? 0 : double.PositiveInfinity;
    }

    /// <summary>The median of <paramref name="values"/> (non-empty): the middle value, or the mean of the two middle ones.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
