namespace Weir.DuckDb.Ingest;

/// <summary>An HTTP source could not be read; the message names the URL, never a header value.</summary>
internal sealed class HttpSourceException : Exception
{
    public HttpSourceException()
    {
    }

    public HttpSourceException(string message)
        : base(message)
    {
    }

    public HttpSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
