namespace Weir.Checks;

/// <summary>One bin of a numeric histogram: values in [<paramref name="Lower"/>, <paramref name="Upper"/>).</summary>
/// <param name="Lower">The bin's lower bound (inclusive).</param>
/// <param name="Upper">The bin's upper bound (exclusive, except for the last bin).</param>
/// <param name="Count">Non-NULL values in the bin.</param>
public sealed record HistogramBin(double Lower, double Upper, long Count);
