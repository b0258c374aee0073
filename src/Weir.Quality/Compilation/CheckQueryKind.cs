namespace Weir.Quality.Compilation;

/// <summary>Which query computes a compiled check.</summary>
internal enum CheckQueryKind
{
    /// <summary>Columns of the fused aggregate scan (<see cref="CompiledCheckPlan.FusedSql"/>).</summary>
    Aggregate,

    /// <summary>A column of the duplicate-count query (<see cref="CompiledCheckPlan.UniqueSql"/>).</summary>
    Unique,

    /// <summary>A query of its own (<see cref="CompiledCheck.Sql"/>), e.g. the anti-join of <c>relationships</c>.</summary>
    Separate,

    /// <summary>The table's columns and types, read without scanning a row (<c>schema</c>).</summary>
    Schema,

    /// <summary>The asset's last successful load, read from the run store (<c>freshness</c> without a column).</summary>
    LastLoad,

    /// <summary>Nothing to run: the check cannot be compiled (<see cref="CompiledCheck.Error"/> says why).</summary>
    Invalid,
}
