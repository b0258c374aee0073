namespace Weir.DuckDb.Lake;

/// <summary>
/// A conjunction of simple conditions (<c>=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>IN</c>,
/// <c>IS [NOT] NULL</c> on literals), which a scan both applies as SQL and uses to skip files: by partition values,
/// and by the files' min/max/null-count statistics.
/// </summary>
public sealed class DeltaFilter
{
    /// <summary>Creates a filter that holds when every condition holds.</summary>
    public DeltaFilter(params IReadOnlyList<DeltaCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        Conditions = conditions;
    }

    /// <summary>The conditions, all of which must hold.</summary>
    public IReadOnlyList<DeltaCondition> Conditions { get; }

    /// <summary>A filter of one <c>column = value</c> condition.</summary>
    public static DeltaFilter Equal(string column, object? value) => new(new DeltaCondition(column, DeltaComparison.Equal, value));

    /// <summary>This filter and one more condition.</summary>
    public DeltaFilter And(DeltaCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new DeltaFilter([.. Conditions, condition]);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" AND ", Conditions);
}
