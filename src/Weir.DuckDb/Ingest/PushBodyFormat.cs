namespace Weir.DuckDb.Ingest;

/// <summary>How a pushed batch's body is written.</summary>
public enum PushBodyFormat
{
    /// <summary><c>application/json</c>: an array of objects, or one object.</summary>
    Json,

    /// <summary><c>application/x-ndjson</c>: one object per line; blank lines are skipped.</summary>
    Ndjson,
}
