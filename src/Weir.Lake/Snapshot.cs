using Weir.Lake.Protocol;

namespace Weir.Lake;

/// <summary>
/// A table as of one version: the result of replaying its log (checkpoint + later commits). Immutable; readers of a
/// snapshot never see a later write.
/// </summary>
public sealed class Snapshot
{
    /// <summary>The table version this snapshot is at.</summary>
    public required long Version { get; init; }

    /// <summary>The protocol in force.</summary>
    public required ProtocolAction Protocol { get; init; }

    /// <summary>The metadata in force: schema, partition columns, configuration.</summary>
    public required MetadataAction Metadata { get; init; }

    /// <summary>The live data files, in the order they were added.</summary>
    public required IReadOnlyList<AddAction> Files { get; init; }

    /// <summary>Removed files not yet expired (tombstones), for VACUUM and conflict checks.</summary>
    public IReadOnlyList<RemoveAction> Tombstones { get; init; } = [];

    /// <summary>The latest batch version per application id (<c>txn</c> actions).</summary>
    public IReadOnlyDictionary<string, long> AppVersions { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// When each application's latest <c>txn</c> was written (its <c>lastUpdated</c>, milliseconds since the Unix epoch),
    /// for the applications whose writer recorded it.
    /// </summary>
    public IReadOnlyDictionary<string, long> AppLastUpdated { get; init; } = new Dictionary<string, long>();

    /// <summary>When <see cref="Version"/> was committed (in-commit timestamp, else the commit file's time).</summary>
    public DateTimeOffset Timestamp { get; init; }
}
