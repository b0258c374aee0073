namespace Weir.DuckDb.Ingest;

/// <summary>
/// The bytes of <see cref="StagedChunks"/> that the loads of a process hold at once, against a capacity: chunks live
/// outside DuckDB's memory limit, and several loads may run in parallel. A chunk that does not fit goes to its load's
/// staging table instead, which DuckDB manages.
/// </summary>
internal sealed class StagedMemory(long capacity)
{
    private long _used;

    /// <summary>The process's pool: <see cref="StagedChunks.ProcessBudget"/> bytes.</summary>
    public static StagedMemory Shared { get; } = new(StagedChunks.ProcessBudget);

    /// <summary>The bytes held now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Takes <paramref name="bytes"/> if they fit; false (and nothing taken) if not.</summary>
    public bool TryTake(long bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= capacity)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    /// <summary>Gives back bytes taken before.</summary>
    public void Return(long bytes) => Interlocked.Add(ref _used, -bytes);
}
