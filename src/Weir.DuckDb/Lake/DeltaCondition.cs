namespace Weir.DuckDb.Lake;

/// <summary>
/// One comparison of a top-level column with literals. Values are .NET values (numbers, <see cref="string"/>,
/// <see cref="bool"/>, <see cref="DateOnly"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>) or strings in the
/// column type's text form (<c>2024-01-31</c>, <c>2024-01-31 10:00:00</c>).
/// </summary>
public sealed class DeltaCondition
{
    /// <summary>Creates a condition.</summary>
    public DeltaCondition(string column, DeltaComparison comparison, params IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(values);
        var expected = comparison switch
        {
            DeltaComparison.IsNull or DeltaComparison.IsNotNull => values.Count == 0,
            DeltaComparison.In => values.Count > 0,
            _ => values.Count == 1,
        };
        if (!expected)
        {
            var takes = comparison switch
            {
                DeltaComparison.In => "one or more values",
                DeltaComparison.IsNull or DeltaComparison.IsNotNull => "no value",
                _ => "one value",
            };
            throw new ArgumentException($"{comparison} takes {takes}.", nameof(values));
        }

        Column = column;
        Comparison = comparison;
        Values = values;
    }

    /// <summary>The column's name (matched ignoring case).</summary>
    public string Column { get; }

    /// <summary>The comparison.</summary>
    public DeltaComparison Comparison { get; }

    /// <summary>The literal(s): one, several for <see cref="DeltaComparison.In"/>, none for the null tests.</summary>
    public IReadOnlyList<object?> Values { get; }

    /// <inheritdoc />
    public override string ToString() => Comparison switch
    {
        DeltaComparison.IsNull => $"{Column} IS NULL",
        DeltaComparison.IsNotNull => $"{Column} IS NOT NULL",
        DeltaComparison.In => $"{Column} IN ({string.Join(", ", Values)})",
        _ => $"{Column} {Comparison} {Values[0]}",
    };
}
