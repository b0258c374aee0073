namespace Weir.Checks;

/// <summary>The statistics of one column in a <see cref="TableProfile"/>.</summary>
public sealed class ColumnProfile
{
    /// <summary>The column's name.</summary>
    public required string Name { get; init; }

    /// <summary>The column's engine type, e.g. <c>BIGINT</c> or <c>VARCHAR</c>.</summary>
    public required string Type { get; init; }

    /// <summary>NULL values.</summary>
    public long Nulls { get; init; }

    /// <summary>Approximate count of distinct non-NULL values.</summary>
    public long ApproxDistinct { get; init; }

    /// <summary>The smallest value, as text; <see langword="null"/> when every value is NULL or the type has no order.</summary>
    public string? Min { get; init; }

    /// <summary>The largest value, as text.</summary>
    public string? Max { get; init; }

    /// <summary>The mean, for numeric columns.</summary>
    public double? Mean { get; init; }

    /// <summary>The sample standard deviation, for numeric columns.</summary>
    public double? StdDev { get; init; }

    /// <summary>The most frequent values with their counts, most frequent first (text-like and low-cardinality columns).</summary>
    public IReadOnlyList<ValueCount> TopValues { get; init; } = [];

    /// <summary>An equal-width histogram over [min, max] for numeric columns; empty otherwise.</summary>
    public IReadOnlyList<HistogramBin> Histogram { get; init; } = [];
}
