using System.Globalization;
using Weir.Checks;
using Weir.Project;

namespace Weir.Quality.Compilation;

/// <summary>
/// One check compiled to SQL: which query computes its count, the query that computes it alone, and how the
/// count reads as a result.
/// </summary>
internal sealed class CompiledCheck
{
    /// <summary>The check as declared.</summary>
    public required CheckSpec Spec { get; init; }

    /// <summary>Which query computes the check.</summary>
    public required CheckQueryKind Kind { get; init; }

    /// <summary>
    /// The result column that holds this check's count in the shared query (<see cref="CompiledCheckPlan.FusedSql"/>
    /// or <see cref="CompiledCheckPlan.UniqueSql"/>); -1 for checks that have no shared query.
    /// </summary>
    public int Ordinal { get; init; } = -1;

    /// <summary>
    /// A query of one row and one column that computes this check alone: the fallback when a shared query
    /// fails, and the only query of a <see cref="CheckQueryKind.Separate"/> check. <see langword="null"/> when invalid.
    /// </summary>
    public string? Sql { get; init; }

    /// <summary>Why the check cannot run, for <see cref="CheckQueryKind.Invalid"/>; starts with the check's display name.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// How a failure reads after its row count, e.g. <c>with NULL in "order id"</c>; unused for <c>row_count</c>.
    /// </summary>
    public string FailureText { get; init; } = string.Empty;

    /// <summary>Whether the count is the table's row count, judged against <see cref="Min"/> and <see cref="Max"/>.</summary>
    public bool IsRowCount { get; init; }

    /// <summary>The least row count allowed, for <c>row_count</c>.</summary>
    public long? Min { get; init; }

    /// <summary>The greatest row count allowed, for <c>row_count</c>.</summary>
    public long? Max { get; init; }

    /// <summary>Turns the count the check's query returned into its outcome.</summary>
    public CheckOutcome Evaluate(long count)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (IsRowCount)
        {
            if (Min is { } min && count < min)
            {
                return new CheckOutcome(CheckStatus.Fail, count, string.Create(invariant, $"row count {count} is below min {min}"));
            }

            if (Max is { } max && count > max)
            {
                return new CheckOutcome(CheckStatus.Fail, count, string.Create(invariant, $"row count {count} is above max {max}"));
            }

            return new CheckOutcome(CheckStatus.Pass, 0, null);
        }

        if (count == 0)
        {
            return new CheckOutcome(CheckStatus.Pass, 0, null);
        }

        var rows = count == 1 ? "row" : "rows";
        return new CheckOutcome(CheckStatus.Fail, count, string.Create(invariant, $"{count} {rows} {FailureText}"));
    }
}
