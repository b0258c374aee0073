namespace Weir.Project;

/// <summary>How a database source loads its rows (<c>mode:</c>).</summary>
public enum SourceLoadMode
{
    /// <summary>Every run reads the whole table or query (<c>full_refresh</c>).</summary>
    FullRefresh,

    /// <summary>
    /// Every run reads the rows at or past the stored watermark of the cursor column (minus the lookback) and merges them
    /// into the lake table on the primary key (<c>incremental</c>).
    /// </summary>
    Incremental,
}
