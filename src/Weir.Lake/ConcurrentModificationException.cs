namespace Weir.Lake;

/// <summary>
/// Another writer committed a change that conflicts with this transaction (it removed a file this transaction read or
/// removes, changed the metadata or protocol, or recorded the same application id). The transaction did not commit;
/// running it again from a fresh snapshot may succeed.
/// </summary>
public sealed class ConcurrentModificationException : WeirException
{
    internal ConcurrentModificationException(string table, long winningVersion, string? winningOperation, string message)
        : base(message)
    {
        Table = table;
        WinningVersion = winningVersion;
        WinningOperation = winningOperation;
    }

    /// <summary>The table's location.</summary>
    public string Table { get; }

    /// <summary>The version the conflicting writer committed.</summary>
    public long WinningVersion { get; }

    /// <summary>The conflicting commit's operation (e.g. <c>DELETE</c>), when its commitInfo says.</summary>
    public string? WinningOperation { get; }

    /// <summary>Always <see langword="true"/>: retrying from a fresh snapshot may succeed.</summary>
    public override bool IsTransient => true;
}
