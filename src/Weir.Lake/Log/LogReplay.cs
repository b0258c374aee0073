using Weir.Lake.Protocol;

namespace Weir.Lake.Log;

/// <summary>
/// The state of a table while its log is replayed (action reconciliation): the latest protocol and metadata win, the
/// newest action per logical file (decoded path) wins, the latest txn version per application wins.
/// </summary>
internal sealed class LogReplay
{
    private readonly Dictionary<string, (AddAction Add, long Order)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RemoveAction> _tombstones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _appVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _appUpdated = new(StringComparer.Ordinal);
    private long _order;

    public ProtocolAction? Protocol { get; private set; }

    public MetadataAction? Metadata { get; private set; }

    public int FileCount => _files.Count;

    /// <summary>Starts a replay from an existing snapshot (to apply commits on top of it).</summary>
    public static LogReplay From(Snapshot snapshot)
    {
        var replay = new LogReplay { Protocol = snapshot.Protocol, Metadata = snapshot.Metadata };
        foreach (var file in snapshot.Files)
        {
            replay._files[DeltaPath.Decode(file.Path)] = (file, replay._order++);
        }

        foreach (var tombstone in snapshot.Tombstones)
        {
            replay._tombstones[DeltaPath.Decode(tombstone.Path)] = tombstone;
        }

        foreach (var (appId, version) in snapshot.AppVersions)
        {
            replay._appVersions[appId] = version;
        }

        foreach (var (appId, updated) in snapshot.AppLastUpdated)
        {
            replay._appUpdated[appId] = updated;
        }

        return replay;
    }

    public void Apply(DeltaAction action)
    {
        if (action.Add is { } add)
        {
            var key = DeltaPath.Decode(add.Path);
            _files[key] = (add, _order++);
            _tombstones.Remove(key);
        }
        else if (action.Remove is { } remove)
        {
            var key = DeltaPath.Decode(remove.Path);
            _files.Remove(key);
            _tombstones[key] = remove;
        }
        else if (action.Transaction is { } txn)
        {
            _appVersions[txn.AppId] = txn.Version;
            if (txn.LastUpdated is { } updated)
            {
                _appUpdated[txn.AppId] = updated;
            }
            else
            {
                _appUpdated.Remove(txn.AppId);
            }
        }
        else if (action.Protocol is { } protocol)
        {
            Protocol = protocol;
        }
        else if (action.Metadata is { } metadata)
        {
            Metadata = metadata;
        }
    }

    public void ApplyAll(IEnumerable<DeltaAction> actions)
    {
        foreach (var action in actions)
        {
            Apply(action);
        }
    }

    /// <summary>The snapshot of the state replayed so far; the caller has checked that protocol and metadata exist.</summary>
    public Snapshot ToSnapshot(long version, DateTimeOffset timestamp) => new()
    {
        Version = version,
        Protocol = Protocol!,
        Metadata = Metadata!,
        Files = [.. _files.Values.OrderBy(f => f.Order).Select(f => f.Add)],
        Tombstones = [.. _tombstones.Values],
        AppVersions = new Dictionary<string, long>(_appVersions, StringComparer.Ordinal),
        AppLastUpdated = new Dictionary<string, long>(_appUpdated, StringComparer.Ordinal),
        Timestamp = timestamp,
    };
}
