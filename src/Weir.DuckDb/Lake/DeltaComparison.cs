namespace Weir.DuckDb.Lake;

/// <summary>The comparison of a <see cref="DeltaCondition"/>.</summary>
public enum DeltaComparison
{
    /// <summary><c>column = value</c>.</summary>
    Equal,

    /// <summary><c>column &lt; value</c>.</summary>
    LessThan,

    /// <summary><c>column &lt;= value</c>.</summary>
    LessThanOrEqual,

    /// <summary><c>column &gt; value</c>.</summary>
    GreaterThan,

    /// <summary><c>column &gt;= value</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>column IN (values…)</c>.</summary>
    In,

    /// <summary><c>column IS NULL</c>.</summary>
    IsNull,

    /// <summary><c>column IS NOT NULL</c>.</summary>
    IsNotNull,
}
