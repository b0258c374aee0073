namespace Weir.DuckDb.Ingest;

/// <summary>A row of a pushed batch that could not be loaded: where it was in the batch and why.</summary>
public sealed class PushBadRow
{
    /// <summary>Creates a bad row.</summary>
    public PushBadRow(long line, string reason)
    {
        Line = line;
        Reason = reason;
    }

    /// <summary>The 1-based line of an NDJSON body, or the 1-based element of a JSON array.</summary>
    public long Line { get; }

    /// <summary>Why it could not be loaded, e.g. <c>column "amount": "abc" is not INTEGER</c>.</summary>
    public string Reason { get; }
}
