using Weir.Lake.Protocol;

namespace Weir.Lake.Transactions;

/// <summary>
/// Decides whether a commit that won the race for a version conflicts with a transaction that wanted it
/// (WriteSerializable, as Delta's default): blind appends never conflict with each other; a winner that changed the
/// protocol or metadata, removed a file this transaction read or removes, or recorded the same application id does.
/// </summary>
internal static class ConflictChecker
{
    /// <summary>What the transaction touched.</summary>
    internal sealed class Footprint
    {
        public HashSet<string> Removed { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Read { get; } = new(StringComparer.Ordinal);

        public bool ReadWholeTable { get; set; }

        public bool ChangesMetadata { get; set; }

        public Dictionary<string, long> AppVersions { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The verdict on one winning commit.</summary>
    internal enum Verdict
    {
        NoConflict,

        /// <summary>The winner already recorded this transaction's application version (or a later one).</summary>
        AlreadyCommitted,
        Conflict,
    }

    public static (Verdict Verdict, string? Reason) Check(Footprint transaction, IReadOnlyList<DeltaAction> winner)
    {
        foreach (var action in winner)
        {
            if (action.Protocol is not null)
            {
                return (Verdict.Conflict, "changed the table's protocol");
            }

            if (action.Metadata is not null)
            {
                return (Verdict.Conflict, "changed the table's metadata (schema, partitioning or properties)");
            }
        }

        foreach (var action in winner)
        {
            if (action.Transaction is { } txn && transaction.AppVersions.TryGetValue(txn.AppId, out var ours))
            {
                return txn.Version >= ours
                    ? (Verdict.AlreadyCommitted, null)
                    : (Verdict.Conflict, $"committed a batch of application '{txn.AppId}' (version {txn.Version})");
            }
        }

        foreach (var action in winner)
        {
            if (transaction.ChangesMetadata && (action.Add is not null || action.Remove is not null))
            {
                return (Verdict.Conflict, "changed data while this transaction changes the metadata");
            }

            if (action.Remove is { } remove)
            {
                var path = DeltaPath.Decode(remove.Path);
                if (transaction.Removed.Contains(path))
                {
                    return (Verdict.Conflict, $"removed the file '{path}' this transaction also removes");
                }

                if (transaction.Read.Contains(path) || (transaction.ReadWholeTable && remove.DataChange))
                {
                    return (Verdict.Conflict, $"removed the file '{path}' this transaction read");
                }
            }
        }

        return (Verdict.NoConflict, null);
    }
}
