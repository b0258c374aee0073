namespace Weir.Engine;

/// <summary>The rows of a query, materialized. For results that fit in memory (checks, <c>weir query</c>).</summary>
public sealed class QueryResult
{
    /// <summary>Creates a result.</summary>
    public QueryResult(IReadOnlyList<QueryColumn> columns, IReadOnlyList<object?[]> rows, bool truncated = false)
    {
        Columns = columns;
        Rows = rows;
        Truncated = truncated;
    }

    /// <summary>The columns.</summary>
    public IReadOnlyList<QueryColumn> Columns { get; }

    /// <summary>The rows; <see langword="null"/> for SQL NULL.</summary>
    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>Whether more rows existed than were asked for.</summary>
    public bool Truncated { get; }
}
