namespace Weir.DuckDb.Ingest;

/// <summary>Why a pushed batch was refused; nothing of it was committed.</summary>
public enum PushBatchFailure
{
    /// <summary>The body is not JSON (or NDJSON) at all, is empty, or the idempotency key is not valid.</summary>
    InvalidBody,

    /// <summary>More rows could not be loaded than the source's <c>max_bad_rows</c> allows.</summary>
    TooManyBadRows,

    /// <summary>The rows cannot go into the table: an incompatible schema change, or nothing to create the table from.</summary>
    Rejected,

    /// <summary>The idempotency key already landed a batch with a different body: the new one is not a resend.</summary>
    KeyReused,
}
