namespace Weir.Lake.Transactions;

/// <summary>What <see cref="DeltaTable.VacuumAsync"/> deleted (or, in a dry run, would delete).</summary>
public sealed class VacuumResult
{
    internal VacuumResult(IReadOnlyList<string> files, long bytes, bool dryRun)
    {
        Files = files;
        Bytes = bytes;
        DryRun = dryRun;
    }

    /// <summary>The files, as paths relative to the table's folder with forward slashes, in key order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Their total size in bytes.</summary>
    public long Bytes { get; }

    /// <summary>Whether this was a dry run (nothing deleted).</summary>
    public bool DryRun { get; }
}
