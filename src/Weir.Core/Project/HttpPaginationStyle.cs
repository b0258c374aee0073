namespace Weir.Project;

/// <summary>How an HTTP source asks for its next page (<c>pagination.style:</c>).</summary>
public enum HttpPaginationStyle
{
    /// <summary>One request, one page.</summary>
    None,

    /// <summary>A page number parameter, starting at 1.</summary>
    Page,

    /// <summary>An offset parameter advanced by the records read, with a limit parameter.</summary>
    Offset,

    /// <summary>A cursor parameter whose next value is read from each response.</summary>
    Cursor,

    /// <summary>The next page's URL, absolute or relative, read from each response.</summary>
    NextLink,
}
