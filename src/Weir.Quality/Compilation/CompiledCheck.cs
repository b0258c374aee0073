using Weir.Project;

namespace Weir.Quality.Compilation;

/// <summary>
/// One check compiled to SQL: which query computes it, the query that computes it alone, how its values read as a
/// result, and the query that fetches a sample of its failing rows.
/// </summary>
internal sealed class CompiledCheck
{
    /// <summary>The check as declared.</summary>
    public required CheckSpec Spec { get; init; }

    /// <summary>Which query computes the check.</summary>
    public required CheckQueryKind Kind { get; init; }

    /// <summary>
    /// For <see cref="CheckQueryKind.Aggregate"/>: the check's aggregate expressions, each a column of the fused scan.
    /// </summary>
    public IReadOnlyList<string> Expressions { get; init; } = [];

    /// <summary>
    /// The aggregate that counts the rows the check looks at (its <c>where</c>), computed in the fused scan;
    /// <see langword="null"/> when the check needs no row count.
    /// </summary>
    public string? RowsExpression { get; init; }

    /// <summary>
    /// The result columns of the fused scan that hold <see cref="Expressions"/>, then <see cref="RowsExpression"/>;
    /// set when the plan is assembled.
    /// </summary>
    public IReadOnlyList<int> Ordinals { get; set; } = [];

    /// <summary>The result column of <see cref="CompiledCheckPlan.UniqueSql"/> for a <see cref="CheckQueryKind.Unique"/> check.</summary>
    public int Ordinal { get; init; } = -1;

    /// <summary>
    /// A query of one row that computes this check alone (its values, then its row count when it has
    /// <see cref="RowsExpression"/> and is an aggregate): the fallback when a shared query fails, and the only query of a
    /// <see cref="CheckQueryKind.Separate"/> or <see cref="CheckQueryKind.Schema"/> check. <see langword="null"/> when invalid.
    /// </summary>
    public string? Sql { get; init; }

    /// <summary>The query that fetches failing rows when the check fails (the caller limits the rows); <see langword="null"/> for none.</summary>
    public string? SampleSql { get; init; }

    /// <summary>Why the check cannot run, for <see cref="CheckQueryKind.Invalid"/>; starts with the check's display name.</summary>
    public string? Error { get; init; }

    /// <summary>For <see cref="CheckQueryKind.LastLoad"/>: the greatest age allowed.</summary>
    public TimeSpan MaxAge { get; init; }

    /// <summary>Turns the check's values into its outcome.</summary>
    public Func<CheckInput, CheckOutcome> Judge { get; init; } = static _ => default;

    /// <summary>For <see cref="CheckQueryKind.Schema"/>: turns the table's columns into the outcome.</summary>
    public Func<IReadOnlyList<(string Name, string Type)>, CheckOutcome>? JudgeSchema { get; init; }
}
