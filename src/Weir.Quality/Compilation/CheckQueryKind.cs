namespace Weir.Quality.Compilation;

/// <summary>Which query computes a compiled check.</summary>
internal enum CheckQueryKind
{
    /// <summary>A column of the fused aggregate scan (<see cref="CompiledCheckPlan.FusedSql"/>).</summary>
    Aggregate,

    /// <summary>A column of the duplicate-count query (<see cref="CompiledCheckPlan.UniqueSql"/>).</summary>
    Unique,

    /// <summary>A query of its own (<see cref="CompiledCheck.Sql"/>), e.g. the anti-join of <c>relationships</c>.</summary>
    Separate,

    /// <summary>Nothing to run: the check cannot be compiled (<see cref="CompiledCheck.Error"/> says why).</summary>
    Invalid,
}
