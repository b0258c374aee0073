namespace Weir.Quality.Compilation;

/// <summary>
/// The SQL that runs every check of one asset: one fused aggregate scan, one duplicate-count query for the
/// <c>unique</c> checks without a filter, and one query per check that needs its own.
/// </summary>
internal sealed class CompiledCheckPlan
{
    /// <summary>Creates a plan.</summary>
    public CompiledCheckPlan(string asset, IReadOnlyList<CompiledCheck> checks, string? fusedSql, string? uniqueSql)
    {
        Asset = asset;
        Checks = checks;
        FusedSql = fusedSql;
        UniqueSql = uniqueSql;
    }

    /// <summary>The asset (table or view) the checks read.</summary>
    public string Asset { get; }

    /// <summary>Every check, in declaration order.</summary>
    public IReadOnlyList<CompiledCheck> Checks { get; }

    /// <summary>
    /// One scan that computes every aggregate expression of every check (and each distinct row count of a <c>where</c>)
    /// as one column (<c>c0</c>, <c>c1</c>, …), or <see langword="null"/> when there is none.
    /// </summary>
    public string? FusedSql { get; }

    /// <summary>
    /// One query that computes every <see cref="CheckQueryKind.Unique"/> check as one column (<c>u0</c>, <c>u1</c>, …),
    /// or <see langword="null"/> when there is none.
    /// </summary>
    public string? UniqueSql { get; }

    /// <summary>The checks whose values come from <see cref="FusedSql"/> (aggregates, and row counts of the others).</summary>
    public IEnumerable<CompiledCheck> FusedChecks => Checks.Where(c => c.Ordinals.Count > 0);

    /// <summary>The checks of <see cref="UniqueSql"/>.</summary>
    public IEnumerable<CompiledCheck> UniqueChecks => Checks.Where(c => c.Kind == CheckQueryKind.Unique);

    /// <summary>Statements the plan costs when every check passes and no query fails.</summary>
    public int StatementCount =>
        (FusedSql is null ? 0 : 1) + (UniqueSql is null ? 0 : 1)
        + Checks.Count(c => c.Kind is CheckQueryKind.Separate or CheckQueryKind.Schema);
}
