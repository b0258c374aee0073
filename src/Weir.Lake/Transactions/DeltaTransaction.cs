using System.Globalization;
using Microsoft.Extensions.Logging;
using Weir.Lake.Log;
using Weir.Lake.Protocol;

namespace Weir.Lake.Transactions;

/// <summary>
/// One atomic change to a table, from a snapshot it read: files added and removed, application versions recorded,
/// metadata replaced. <see cref="CommitAsync"/> writes it as the next version with optimistic concurrency: when another
/// writer took that version first and does not conflict (e.g. both only append), it moves to the next one.
/// </summary>
/// <remarks>Not thread-safe; commit once. Data files must be written before the commit that adds them.</remarks>
public sealed class DeltaTransaction
{
    private readonly DeltaTable _table;
    private readonly List<AddAction> _adds = [];
    private readonly List<RemoveAction> _removes = [];
    private readonly ConflictChecker.Footprint _footprint = new();
    private MetadataAction? _metadata;
    private bool _committed;

    internal DeltaTransaction(DeltaTable table, Snapshot readSnapshot)
    {
        _table = table;
        ReadSnapshot = readSnapshot;
    }

    /// <summary>The snapshot this transaction read; it commits at the version after it (or later, if others won).</summary>
    public Snapshot ReadSnapshot { get; }

    /// <summary>Adds a data file (its path relative to the table, URL-encoded; see <see cref="DeltaPath.Encode"/>).</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public void Add(AddAction file)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(file.Path);
        EnsureOpen();
        _adds.Add(file);
    }

    /// <summary>Removes a data file (a tombstone until vacuum); its deletion timestamp defaults to the commit time.</summary>
    public void Remove(RemoveAction file)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(file.Path);
        EnsureOpen();
        _removes.Add(file);
        _footprint.Removed.Add(DeltaPath.Decode(file.Path));
    }

    /// <summary>Removes a live file of the snapshot, keeping its partition values, size and statistics in the tombstone.</summary>
    public void Remove(AddAction file, bool dataChange = true)
    {
        ArgumentNullException.ThrowIfNull(file);
        Remove(new RemoveAction
        {
            Path = file.Path,
            DataChange = dataChange,
            ExtendedFileMetadata = true,
            PartitionValues = new Dictionary<string, string?>(file.PartitionValues),
            Size = file.Size,
            Stats = file.Stats,
        });
    }

    /// <summary>
    /// Records that application <paramref name="appId"/> committed its batch <paramref name="version"/> (a <c>txn</c>
    /// action). If the table already records that version or a later one, the commit is skipped
    /// (<see cref="CommitResult.Skipped"/>), so a retried batch never lands twice.
    /// </summary>
    public void SetAppVersion(string appId, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        EnsureOpen();
        _footprint.AppVersions[appId] = version;
    }

    /// <summary>Replaces the table's metadata (schema, partition columns, properties). Conflicts with any concurrent change.</summary>
    public void UpdateMetadata(MetadataAction metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(metadata.Id);
        EnsureOpen();
        _metadata = metadata;
        _footprint.ChangesMetadata = true;
    }

    /// <summary>Declares that the transaction's result depends on these files: a concurrent removal of one conflicts.</summary>
    public void ReadFiles(IEnumerable<AddAction> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        EnsureOpen();
        foreach (var file in files)
        {
            _footprint.Read.Add(DeltaPath.Decode(file.Path));
        }
    }

    /// <summary>Declares that the transaction read the whole table: any concurrent removal of data conflicts.</summary>
    public void ReadWholeTable()
    {
        EnsureOpen();
        _footprint.ReadWholeTable = true;
    }

    /// <summary>
    /// Commits the transaction as the next version. Returns the committed version, or, when an application version
    /// set with <see cref="SetAppVersion"/> is already recorded, the version that holds it with
    /// <see cref="CommitResult.Skipped"/> set.
    /// </summary>
    /// <param name="operation">The operation for the history (<c>WRITE</c>, <c>DELETE</c>, <c>OPTIMIZE</c>, …).</param>
    /// <param name="operationParameters">Its parameters for the history (e.g. <c>mode</c> = <c>Append</c>).</param>
    /// <param name="isBlindAppend">
    /// Whether the transaction only appends without reading; <see langword="null"/> works it out (no removes, no reads,
    /// no metadata change).
    /// </param>
    /// <param name="cancellationToken">Cancels the commit; a commit file already published stays committed.</param>
    /// <exception cref="ConcurrentModificationException">A concurrent commit conflicts, or others kept winning.</exception>
    /// <exception cref="UnsupportedTableFeatureException">The table needs writer features Weir lacks.</exception>
    /// <exception cref="InvalidOperationException">Committed twice, or removes data of an append-only table.</exception>
    /// <exception cref="ArgumentException">An added file lacks partition values, or a blind append removes or reads.</exception>
    public async Task<CommitResult> CommitAsync(
        string operation,
        IReadOnlyDictionary<string, string>? operationParameters = null,
        bool? isBlindAppend = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        EnsureOpen();
        _committed = true;

        var read = ReadSnapshot;
        var log = _table.Log;
        var metadata = _metadata ?? read.Metadata;
        ProtocolSupport.EnsureWritable(read.Protocol, metadata, log.Location, read.Version);
        Validate(metadata, isBlindAppend);

        foreach (var (appId, version) in _footprint.AppVersions)
        {
            if (read.AppVersions.TryGetValue(appId, out var recorded) && recorded >= version)
            {
                return new CommitResult(read.Version, skipped: true, read, attempts: 0);
            }
        }

        var options = _table.Options;
        var now = options.TimeProvider.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var remove in _removes)
        {
            remove.DeletionTimestamp ??= nowMs;
        }

        var blind = isBlindAppend ?? (_removes.Count == 0 && !_footprint.ChangesMetadata && _footprint.Read.Count == 0 && !_footprint.ReadWholeTable);
        var commitInfo = CommitInfoBuilder.Build(now, operation, operationParameters, CommitInfoBuilder.Metrics(_adds, _removes), blind, read.Version);
        var actions = new List<DeltaAction> { new() { CommitInfo = commitInfo } };
        if (_metadata is not null)
        {
            // A new column may need a table feature the protocol does not list yet (timestamp_ntz).
            if (ProtocolSupport.Required(_metadata.SchemaString, read.Protocol) is { } upgraded)
            {
                actions.Add(new DeltaAction { Protocol = upgraded });
            }

            actions.Add(new DeltaAction { Metadata = _metadata });
        }

        actions.AddRange(_footprint.AppVersions.Select(kv => new DeltaAction
        {
            Transaction = new TransactionAction { AppId = kv.Key, Version = kv.Value, LastUpdated = nowMs },
        }));
        actions.AddRange(_removes.Select(r => new DeltaAction { Remove = r }));
        actions.AddRange(_adds.Select(a => new DeltaAction { Add = a }));
        var bytes = DeltaJson.SerializeCommit(actions);

        var replay = LogReplay.From(read);
        var attemptVersion = read.Version + 1;
        for (var attempt = 1; attempt <= options.MaxCommitAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await log.Store.PutIfAbsentAsync(log.CommitKey(attemptVersion), bytes, cancellationToken).ConfigureAwait(false))
            {
                replay.ApplyAll(actions);
                var snapshot = replay.ToSnapshot(attemptVersion, now);
                LakeLog.Committed(_table.Logger, log.Location, attemptVersion, operation);
                await _table.CheckpointIfDueAsync(snapshot, cancellationToken).ConfigureAwait(false);
                return new CommitResult(attemptVersion, skipped: false, snapshot, attempt);
            }

            var winner = await log.ReadCommitAsync(attemptVersion, cancellationToken).ConfigureAwait(false);
            var (verdict, reason) = ConflictChecker.Check(_footprint, winner);
            replay.ApplyAll(winner);
            if (verdict == ConflictChecker.Verdict.AlreadyCommitted)
            {
                return new CommitResult(attemptVersion, skipped: true, replay.ToSnapshot(attemptVersion, now), attempt);
            }

            if (verdict == ConflictChecker.Verdict.Conflict)
            {
                var winningOperation = winner.Select(a => a.CommitInfo).FirstOrDefault(c => c is not null) is { } info
                    ? DeltaJson.GetString(info, "operation")
                    : null;
                throw new ConcurrentModificationException(log.Location, attemptVersion, winningOperation, string.Create(CultureInfo.InvariantCulture,
                    $"A concurrent commit conflicts with this {operation} on the Delta table '{log.Location}': version {attemptVersion} "
                    + $"({winningOperation ?? "unknown operation"}) {reason}. Run the operation again on the new version."));
            }

            LakeLog.CommitRetried(_table.Logger, log.Location, attemptVersion, attemptVersion + 1);
            attemptVersion++;
        }

        throw new ConcurrentModificationException(log.Location, attemptVersion - 1, null, string.Create(CultureInfo.InvariantCulture,
            $"Gave up committing {operation} to the Delta table '{log.Location}' after {options.MaxCommitAttempts} attempts: "
            + $"other writers kept taking the next version (last tried: {attemptVersion - 1})."));
    }

    private void Validate(MetadataAction metadata, bool? isBlindAppend)
    {
        if (isBlindAppend == true && (_removes.Count > 0 || _footprint.ChangesMetadata || _footprint.Read.Count > 0 || _footprint.ReadWholeTable))
        {
            throw new ArgumentException("A blind append must not remove files, read files or change metadata.", nameof(isBlindAppend));
        }

        if (ProtocolSupport.IsAppendOnly(metadata) && _removes.Any(r => r.DataChange))
        {
            throw new InvalidOperationException(
                $"The Delta table '{_table.Log.Location}' is append-only (delta.appendOnly = true): files cannot be removed.");
        }

        var columns = new HashSet<string>(metadata.PartitionColumns, StringComparer.Ordinal);
        foreach (var add in _adds)
        {
            if (add.PartitionValues.Count != columns.Count || !add.PartitionValues.Keys.All(columns.Contains))
            {
                throw new ArgumentException(
                    $"The file '{add.Path}' has partition values for [{string.Join(", ", add.PartitionValues.Keys)}] but the table is "
                    + $"partitioned by [{string.Join(", ", metadata.PartitionColumns)}].", nameof(Add));
            }
        }
    }

    private void EnsureOpen()
    {
        if (_committed)
        {
            throw new InvalidOperationException("The transaction was already committed; begin a new one.");
        }
    }
}
