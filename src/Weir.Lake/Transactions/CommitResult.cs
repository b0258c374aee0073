namespace Weir.Lake.Transactions;

/// <summary>The outcome of <see cref="DeltaTransaction.CommitAsync"/>.</summary>
public sealed class CommitResult
{
    internal CommitResult(long version, bool skipped, Snapshot snapshot, int attempts)
    {
        Version = version;
        Skipped = skipped;
        Snapshot = snapshot;
        Attempts = attempts;
    }

    /// <summary>
    /// The version this transaction committed; when <see cref="Skipped"/>, the version of the table that already
    /// recorded the application's batch.
    /// </summary>
    public long Version { get; }

    /// <summary>
    /// Whether nothing was written because the table already recorded an application version at or above this
    /// transaction's (<see cref="DeltaTransaction.SetAppVersion"/>): the batch landed before, it must not land twice.
    /// </summary>
    public bool Skipped { get; }

    /// <summary>The table as of <see cref="Version"/>, so the next transaction can start from it without a reload.</summary>
    public Snapshot Snapshot { get; }

    /// <summary>How many versions the commit tried (1 without contention).</summary>
    public int Attempts { get; }
}
