namespace Weir.DuckDb.Ingest;

/// <summary>A pushed batch was refused and nothing of it was committed; the message says why, for the client.</summary>
public sealed class PushBatchException : WeirException
{
    internal PushBatchException(PushBatchFailure failure, string message, IReadOnlyList<PushBadRow>? badRows = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        BadRows = badRows ?? [];
    }

    /// <summary>What kind of refusal it is (the server maps it to an HTTP status).</summary>
    public PushBatchFailure Failure { get; }

    /// <summary>For <see cref="PushBatchFailure.TooManyBadRows"/>: the first bad rows, in batch order.</summary>
    public IReadOnlyList<PushBadRow> BadRows { get; }
}
