namespace Weir.Project;

/// <summary>How an HTTP source (<c>kind: http</c>) pulls its records from a JSON REST API.</summary>
public sealed class HttpSourceSettings
{
    /// <summary>The default number of retries of one request.</summary>
    public const int DefaultRetries = 3;

    /// <summary>The first page's URL (<c>url:</c>).</summary>
    public required Uri Url { get; init; }

    /// <summary>Request headers (<c>headers:</c>); the values are secrets, never shown in logs, errors or metadata.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The dotted path to the array of records in a response (<c>records:</c>); empty when the body is the array.</summary>
    public string RecordsPath { get; init; } = string.Empty;

    /// <summary>The pagination style (<c>pagination.style:</c>).</summary>
    public HttpPaginationStyle Pagination { get; init; }

    /// <summary>The parameter naming the page number, the offset or the cursor, by style.</summary>
    public string? PageParameter { get; init; }

    /// <summary>The parameter naming the page size or limit (<c>size_param:</c> or <c>limit_param:</c>), if any.</summary>
    public string? SizeParameter { get; init; }

    /// <summary>The page size or limit sent with <see cref="SizeParameter"/> (<c>page_size:</c> or <c>limit:</c>), if any.</summary>
    public int? PageSize { get; init; }

    /// <summary>For cursor and next-link styles: the dotted path in a response to the next cursor or URL.</summary>
    public string? NextPath { get; init; }

    /// <summary>The least time between two requests (from <c>rate_limit:</c>), or zero for no limit.</summary>
    public TimeSpan MinInterval { get; init; }

    /// <summary>The most pages read in one load (<c>max_pages:</c>).</summary>
    public int MaxPages { get; init; } = 1000;

    /// <summary>How often a request is retried on 429, 5xx and timeouts (<c>retries:</c>).</summary>
    public int Retries { get; init; } = DefaultRetries;
}
