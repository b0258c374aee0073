using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weir.Lake.Protocol;
using Weir.Storage;

namespace Weir.Lake.Log;

/// <summary>
/// Reads a Delta table's log (<c>_delta_log/</c> under the table's path in an <see cref="IObjectStore"/>): snapshots at
/// the latest version, at a version or at a time (replaying the newest complete checkpoint at or before the version,
/// then the JSON commits after it), and the history of commits.
/// </summary>
/// <remarks>
/// The listing of <c>_delta_log</c> is authoritative; <c>_last_checkpoint</c> is only a hint that is checked against it
/// (a missing, corrupt or stale one changes nothing). A checkpoint that is incomplete (a multi-part checkpoint with a
/// missing part) or unreadable is skipped in favour of an older one. Snapshots are refused with
/// <see cref="UnsupportedTableFeatureException"/> when the protocol at that version needs features Weir lacks.
/// </remarks>
public sealed class DeltaLog
{
    private readonly ILogger _logger;

    /// <summary>Creates a reader of the table at <paramref name="tablePath"/> in <paramref name="store"/>.</summary>
    /// <param name="store">The store holding the table.</param>
    /// <param name="tablePath">The table's folder as a key prefix in the store (e.g. <c>curated/orders</c>); empty for the root.</param>
    /// <param name="loggerFactory">Where to log stale hints and skipped checkpoints.</param>
    /// <param name="checkpointFormat">How checkpoint files are read (and written by commits); Parquet.Net's by default.</param>
    public DeltaLog(IObjectStore store, string tablePath, ILoggerFactory? loggerFactory = null, ICheckpointFormat? checkpointFormat = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tablePath);
        Store = store;
        TablePath = tablePath.Trim('/');
        TablePrefix = TablePath.Length == 0 ? string.Empty : TablePath + "/";
        LogPrefix = TablePrefix + LogFileName.LogFolder;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<DeltaLog>();
        CheckpointFormat = checkpointFormat ?? ParquetCheckpointFormat.Instance;
    }

    /// <summary>How checkpoint files are read and written.</summary>
    public ICheckpointFormat CheckpointFormat { get; }

    /// <summary>The store holding the table.</summary>
    public IObjectStore Store { get; }

    /// <summary>The table's folder as a key prefix in the store, without a trailing slash.</summary>
    public string TablePath { get; }

    /// <summary>The table's path followed by '/', or empty: prefix a decoded action path with it to get a key.</summary>
    internal string TablePrefix { get; }

    /// <summary>The key prefix of the log folder.</summary>
    internal string LogPrefix { get; }

    /// <summary>The table's location for messages.</summary>
    internal string Location => TablePath.Length == 0 ? Store.Root : Store.Locate(TablePath);

    /// <summary>The key of the commit file of <paramref name="version"/>.</summary>
    internal string CommitKey(long version) => LogPrefix + LogFileName.Commit(version);

    /// <summary>Whether the table has a log with at least one commit or checkpoint.</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
        return listing.LatestVersion >= 0;
    }

    /// <summary>The latest version of the table.</summary>
    /// <exception cref="DeltaLogException">There is no table (no log) at the path.</exception>
    public async Task<long> LatestVersionAsync(CancellationToken cancellationToken = default)
    {
        var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
        return listing.LatestVersion >= 0 ? listing.LatestVersion : throw NotFound();
    }

    /// <summary>The table at its latest version.</summary>
    /// <exception cref="DeltaLogException">There is no table, or its log is corrupt.</exception>
    /// <exception cref="UnsupportedTableFeatureException">The table needs features Weir does not support.</exception>
    public async Task<Snapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
        await CheckLastCheckpointAsync(listing, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(listing, listing.LatestVersion, long.MaxValue, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The table at <paramref name="version"/> (time travel).</summary>
    /// <exception cref="DeltaLogException">The version does not exist, or its log entries were removed.</exception>
    /// <exception cref="UnsupportedTableFeatureException">The table at that version needs features Weir does not support.</exception>
    public async Task<Snapshot> LoadSnapshotAsync(long version, CancellationToken cancellationToken = default)
    {
        var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
        return await LoadAsync(listing, version, long.MaxValue, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The table as of <paramref name="timestamp"/>: the latest version whose commit timestamp (in-commit timestamp,
    /// else the commit file's time) is at or before it.
    /// </summary>
    /// <exception cref="DeltaLogException">The time is before the earliest version that can be loaded (the message says when that is).</exception>
    /// <exception cref="UnsupportedTableFeatureException">The table at that version needs features Weir does not support.</exception>
    public async Task<Snapshot> LoadSnapshotAtAsync(DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
        if (listing.LatestVersion < 0)
        {
            throw NotFound();
        }

        var earliest = EarliestLoadableVersion(listing);
        long? found = null;
        DateTimeOffset? earliestTime = null;
        for (var version = earliest; version <= listing.LatestVersion; version++)
        {
            var time = await CommitTimestampAsync(listing, version, cancellationToken).ConfigureAwait(false);
            if (time is null)
            {
                continue;
            }

            earliestTime ??= time;
            if (time <= timestamp)
            {
                found = version;
            }
        }

        if (found is null)
        {
            throw new DeltaLogException(Location, string.Create(CultureInfo.InvariantCulture,
                $"The Delta table '{Location}' has no version at or before {timestamp:O}: the earliest available is version "
                + $"{earliest}, committed at {earliestTime:O}."));
        }

        return await LoadAsync(listing, found.Value, long.MaxValue, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The table's commits, newest first, with what each <c>commitInfo</c> says.</summary>
    /// <param name="limit">At most this many entries; all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="DeltaLogException">There is no table at the path.</exception>
    public async Task<IReadOnlyList<CommitEntry>> GetHistoryAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
        if (listing.LatestVersion < 0)
        {
            throw NotFound();
        }

        var entries = new List<CommitEntry>();
        foreach (var (version, info) in listing.Commits.Reverse())
        {
            if (limit is { } max && entries.Count >= max)
            {
                break;
            }

            var actions = await ReadCommitAsync(version, cancellationToken).ConfigureAwait(false);
            var commitInfo = actions.FirstOrDefault(a => a.CommitInfo is not null)?.CommitInfo;
            entries.Add(new CommitEntry(version, CommitTimestamp(actions, info), commitInfo));
        }

        return entries;
    }

    /// <summary>The actions of one commit, in file order.</summary>
    /// <exception cref="DeltaLogException">The commit file does not exist or is corrupt.</exception>
    public async Task<IReadOnlyList<DeltaAction>> ReadCommitAsync(long version, CancellationToken cancellationToken = default) =>
        await TryReadCommitAsync(version, cancellationToken).ConfigureAwait(false)
            ?? throw new DeltaLogException(Location, string.Create(CultureInfo.InvariantCulture,
                $"The Delta table '{Location}' has no commit file for version {version}."));

    /// <summary>The actions of one commit, or <see langword="null"/> when its file does not exist.</summary>
    internal async Task<List<DeltaAction>?> TryReadCommitAsync(long version, CancellationToken cancellationToken)
    {
        var key = CommitKey(version);
        var bytes = await Store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return DeltaJson.ParseCommit(bytes);
        }
        catch (JsonException e)
        {
            throw new DeltaLogException(Location, string.Create(CultureInfo.InvariantCulture,
                $"The commit file of version {version} of the Delta table '{Location}' is corrupt: {e.Message}"), e);
        }
    }

    /// <summary>Lists the log folder.</summary>
    internal Task<LogListing> ListAsync(CancellationToken cancellationToken) => LogListing.ReadAsync(Store, LogPrefix, cancellationToken);

    /// <summary>
    /// Loads <paramref name="version"/>, starting from the newest complete checkpoint at or before
    /// <paramref name="maxCheckpointVersion"/> (-1: replay the JSON commits from version 0).
    /// </summary>
    internal async Task<Snapshot> LoadSnapshotAsync(long version, long maxCheckpointVersion, CancellationToken cancellationToken)
    {
        var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
        return await LoadAsync(listing, version, maxCheckpointVersion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Snapshot> LoadAsync(LogListing listing, long version, long maxCheckpointVersion, CancellationToken cancellationToken)
    {
        var latest = listing.LatestVersion;
        if (latest < 0)
        {
            throw NotFound();
        }

        if (version < 0 || version > latest)
        {
            throw new DeltaLogException(Location, string.Create(CultureInfo.InvariantCulture,
                $"Version {version} of the Delta table '{Location}' does not exist: the latest version is {latest}."));
        }

        LogReplay? replay = null;
        CheckpointFiles? used = null;
        foreach (var checkpoint in listing.CompleteCheckpointsUpTo(Math.Min(version, maxCheckpointVersion)))
        {
            if (!HasCommits(listing, checkpoint.Version + 1, version))
            {
                break; // An older checkpoint would need even more of the missing commits.
            }

            try
            {
                var actions = await CheckpointReader.ReadAsync(Store, checkpoint, CheckpointFormat, cancellationToken).ConfigureAwait(false);
                replay = new LogReplay();
                replay.ApplyAll(actions);
                used = checkpoint;
                break;
            }
            catch (InvalidDataException e)
            {
                LakeLog.CheckpointUnreadable(_logger, e, Location, checkpoint.Version);
            }
        }

        if (replay is null)
        {
            if (!HasCommits(listing, 0, version))
            {
                if (listing.UuidCheckpoints.Any(v => v <= version))
                {
                    throw new UnsupportedTableFeatureException(Location, ["v2Checkpoint"],
                        $"Weir cannot read the Delta table '{Location}' at version {version}: only a v2 (UUID-named) checkpoint "
                        + "covers it, which needs the v2Checkpoint feature that Weir does not support.");
                }

                throw new DeltaLogException(Location, string.Create(CultureInfo.InvariantCulture,
                    $"Version {version} of the Delta table '{Location}' cannot be loaded: its log entries were removed "
                    + $"(the earliest version that can be loaded is {EarliestLoadableVersion(listing)})."));
            }

            replay = new LogReplay();
        }

        var first = used is null ? 0 : used.Version + 1;
        List<DeltaAction>? last = null;
        for (var v = first; v <= version; v++)
        {
            last = await TryReadCommitAsync(v, cancellationToken).ConfigureAwait(false)
                ?? throw new DeltaLogException(Location, string.Create(CultureInfo.InvariantCulture,
                    $"The commit file of version {v} of the Delta table '{Location}' disappeared while it was read."));
            replay.ApplyAll(last);
        }

        if (replay.Protocol is null || replay.Metadata is null)
        {
            throw new DeltaLogException(Location, string.Create(CultureInfo.InvariantCulture,
                $"The log of the Delta table '{Location}' at version {version} has no {(replay.Protocol is null ? "protocol" : "metaData")} action."));
        }

        ProtocolSupport.EnsureReadable(replay.Protocol, Location, version);

        DateTimeOffset timestamp;
        if (listing.Commits.TryGetValue(version, out var commitFile))
        {
            last ??= await TryReadCommitAsync(version, cancellationToken).ConfigureAwait(false) ?? [];
            timestamp = CommitTimestamp(last, commitFile);
        }
        else
        {
            timestamp = used!.LastModified;
        }

        return replay.ToSnapshot(version, timestamp);
    }

    private async Task<DateTimeOffset?> CommitTimestampAsync(LogListing listing, long version, CancellationToken cancellationToken)
    {
        if (listing.Commits.TryGetValue(version, out var info))
        {
            var actions = await TryReadCommitAsync(version, cancellationToken).ConfigureAwait(false) ?? [];
            return CommitTimestamp(actions, info);
        }

        return listing.CompleteCheckpointsUpTo(version).FirstOrDefault(c => c.Version == version)?.LastModified;
    }

    /// <summary>The in-commit timestamp of a commit if it has one, else its file's modification time.</summary>
    internal static DateTimeOffset CommitTimestamp(IEnumerable<DeltaAction> actions, ObjectInfo file)
    {
        foreach (var action in actions)
        {
            if (action.CommitInfo is { } info && DeltaJson.GetInt64(info, "inCommitTimestamp") is { } ict)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ict);
            }
        }

        return file.LastModified;
    }

    private static bool HasCommits(LogListing listing, long from, long to)
    {
        for (var v = from; v <= to; v++)
        {
            if (!listing.Commits.ContainsKey(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The smallest version a snapshot can be loaded at: 0 with a full log, else the oldest usable checkpoint.</summary>
    internal static long EarliestLoadableVersion(LogListing listing)
    {
        var latest = listing.LatestVersion;
        var candidates = listing.Checkpoints.Where(c => c.IsComplete).Select(c => c.Version).ToList();
        if (listing.Commits.ContainsKey(0))
        {
            candidates.Add(-1);
        }

        foreach (var start in candidates.Order())
        {
            if (HasCommits(listing, start + 1, latest))
            {
                return Math.Max(start, 0);
            }
        }

        return latest;
    }

    private async Task CheckLastCheckpointAsync(LogListing listing, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        try
        {
            bytes = await Store.GetAsync(LogPrefix + LogFileName.LastCheckpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            LakeLog.LastCheckpointUnreadable(_logger, e, Location);
            return;
        }

        if (bytes is null)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var hinted = DeltaJson.GetInt64(document.RootElement, "version");
            if (hinted is null)
            {
                LakeLog.LastCheckpointUnreadable(_logger, null, Location);
            }
            else if (!listing.Checkpoints.Any(c => c.Version == hinted && c.IsComplete))
            {
                LakeLog.LastCheckpointStale(_logger, Location, hinted.Value);
            }
        }
        catch (JsonException e)
        {
            LakeLog.LastCheckpointUnreadable(_logger, e, Location);
        }
    }

    private DeltaLogException NotFound() =>
        new(Location, $"There is no Delta table at '{Location}': it has no _delta_log with commits.");
}
