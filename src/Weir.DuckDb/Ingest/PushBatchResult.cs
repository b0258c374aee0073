namespace Weir.DuckDb.Ingest;

/// <summary>What a pushed batch did: rows read = rows loaded + rows quarantined.</summary>
public sealed class PushBatchResult
{
    /// <summary>The batch's name: its idempotency key, or an id Weir gave it. It is the <c>file</c> of its quarantined rows.</summary>
    public required string Batch { get; init; }

    /// <summary>Rows (NDJSON lines that are not blank, or JSON array elements) in the batch.</summary>
    public long RowsRead { get; init; }

    /// <summary>Rows written to the source's table (appended, or merged on its primary key).</summary>
    public long RowsLoaded { get; init; }

    /// <summary>Rows written to <c>&lt;source&gt;__quarantine</c>.</summary>
    public long RowsQuarantined { get; init; }

    /// <summary>Bytes of the batch's body as received (0 for a duplicate, which is not read into the lake).</summary>
    public long BytesRead { get; init; }

    /// <summary>The Delta version of the source's table that holds the batch.</summary>
    public long Version { get; init; }

    /// <summary>Rows in the source's table after the batch, from the committed files' statistics.</summary>
    public long TableRows { get; init; }

    /// <summary>
    /// Whether the batch's idempotency key had already landed: nothing was written, and the counts and version are
    /// those of the original batch.
    /// </summary>
    public bool Duplicate { get; init; }
}
