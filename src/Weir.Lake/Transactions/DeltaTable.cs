using System.Globalization;
using Microsoft.Extensions.Logging;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Storage;

namespace Weir.Lake.Transactions;

/// <summary>
/// A Delta table Weir writes: created at version 0 (protocol reader 1 / writer 2), changed by
/// <see cref="DeltaTransaction"/>s with optimistic concurrency, checkpointed every <c>delta.checkpointInterval</c>
/// versions (10 by default) and vacuumed of files no version still needs.
/// </summary>
public sealed class DeltaTable
{
    /// <summary>The default of <c>delta.checkpointInterval</c>.</summary>
    public const int DefaultCheckpointInterval = 10;

    private DeltaTable(DeltaLog log, DeltaTableOptions options)
    {
        Log = log;
        Options = options;
        Logger = options.LoggerFactory.CreateLogger<DeltaTable>();
    }

    /// <summary>The table's log: snapshots, time travel, history.</summary>
    public DeltaLog Log { get; }

    /// <summary>The store holding the table.</summary>
    public IObjectStore Store => Log.Store;

    /// <summary>The table's folder as a key prefix in the store.</summary>
    public string TablePath => Log.TablePath;

    internal DeltaTableOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>Creates a table: writes version 0 with the protocol, the metadata and a <c>CREATE TABLE</c> commitInfo.</summary>
    /// <param name="store">The store to create it in.</param>
    /// <param name="tablePath">The table's folder as a key prefix (e.g. <c>curated/orders</c>).</param>
    /// <param name="schema">The table's columns.</param>
    /// <param name="partitionColumns">Partition columns, in order; each must be a primitive column of the schema.</param>
    /// <param name="configuration">Table properties (<c>delta.checkpointInterval</c>, <c>delta.appendOnly</c>, …).</param>
    /// <param name="options">Clock, logging and retries.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="DeltaLogException">A table already exists at the path.</exception>
    /// <exception cref="ArgumentException">A partition column is not a primitive column of the schema.</exception>
    public static async Task<DeltaTable> CreateAsync(
        IObjectStore store,
        string tablePath,
        TableSchema schema,
        IReadOnlyList<string>? partitionColumns = null,
        IReadOnlyDictionary<string, string?>? configuration = null,
        DeltaTableOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tablePath);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new DeltaTableOptions();
        options.Validate();
        partitionColumns ??= [];
        foreach (var column in partitionColumns)
        {
            if (schema.Fields.FirstOrDefault(f => f.Name == column) is not { IsPrimitive: true })
            {
                throw new ArgumentException($"The partition column '{column}' is not a primitive column of the schema.", nameof(partitionColumns));
            }
        }

        var table = new DeltaTable(new DeltaLog(store, tablePath, options.LoggerFactory, options.CheckpointFormat), options);
        if (await table.Log.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            throw table.AlreadyExists();
        }

        var now = options.TimeProvider.GetUtcNow();
        var metadata = new MetadataAction
        {
            Id = Guid.NewGuid().ToString(),
            SchemaString = schema.ToJson(),
            PartitionColumns = [.. partitionColumns],
            Configuration = configuration is null ? [] : new Dictionary<string, string?>(configuration, StringComparer.Ordinal),
            CreatedTime = now.ToUnixTimeMilliseconds(),
        };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["isManaged"] = "false",
            ["partitionBy"] = System.Text.Json.JsonSerializer.Serialize(partitionColumns, DeltaJson.Options),
            ["properties"] = System.Text.Json.JsonSerializer.Serialize(metadata.Configuration, DeltaJson.Options),
        };
        var actions = new List<DeltaAction>
        {
            new() { CommitInfo = CommitInfoBuilder.Build(now, "CREATE TABLE", parameters, new Dictionary<string, string>(), true, null) },
            new() { Protocol = ProtocolSupport.Required(metadata.SchemaString, current: null) },
            new() { Metadata = metadata },
        };
        if (!await store.PutIfAbsentAsync(table.Log.CommitKey(0), DeltaJson.SerializeCommit(actions), cancellationToken).ConfigureAwait(false))
        {
            throw table.AlreadyExists();
        }

        return table;
    }

    /// <summary>Creates a table from a <c>schemaString</c> (Delta's JSON schema).</summary>
    /// <exception cref="FormatException">The schema string is not a Delta struct schema.</exception>
    /// <inheritdoc cref="CreateAsync(IObjectStore, string, TableSchema, IReadOnlyList{string}?, IReadOnlyDictionary{string, string?}?, DeltaTableOptions?, CancellationToken)"/>
    public static Task<DeltaTable> CreateAsync(
        IObjectStore store,
        string tablePath,
        string schemaString,
        IReadOnlyList<string>? partitionColumns = null,
        IReadOnlyDictionary<string, string?>? configuration = null,
        DeltaTableOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schemaString);
        return CreateAsync(store, tablePath, TableSchema.Parse(schemaString), partitionColumns, configuration, options, cancellationToken);
    }

    /// <summary>Opens an existing table.</summary>
    /// <exception cref="DeltaLogException">There is no table at the path.</exception>
    public static async Task<DeltaTable> OpenAsync(
        IObjectStore store, string tablePath, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tablePath);
        options ??= new DeltaTableOptions();
        options.Validate();
        var table = new DeltaTable(new DeltaLog(store, tablePath, options.LoggerFactory, options.CheckpointFormat), options);
        await table.Log.LatestVersionAsync(cancellationToken).ConfigureAwait(false);
        return table;
    }

    /// <summary>The table at its latest version.</summary>
    /// <inheritdoc cref="DeltaLog.LoadSnapshotAsync(CancellationToken)"/>
    public Task<Snapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default) => Log.LoadSnapshotAsync(cancellationToken);

    /// <summary>Begins a transaction on top of <paramref name="readSnapshot"/> (a snapshot of this table).</summary>
    public DeltaTransaction BeginTransaction(Snapshot readSnapshot)
    {
        ArgumentNullException.ThrowIfNull(readSnapshot);
        return new DeltaTransaction(this, readSnapshot);
    }

    /// <summary>
    /// Writes a classic checkpoint of <paramref name="snapshot"/> (<c>n.checkpoint.parquet</c>) unless one exists, and
    /// points <c>_last_checkpoint</c> at it unless it already points at a newer one. Commits call this every
    /// <c>delta.checkpointInterval</c> versions.
    /// </summary>
    public async Task CheckpointAsync(Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var count = await CheckpointWriter.WriteAsync(Log, snapshot, Options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LakeLog.CheckpointWritten(Logger, Log.Location, snapshot.Version, count);
    }

    /// <summary>
    /// Deletes data files under the table that its latest version does not reference and that are older than the
    /// retention: untracked files (e.g. left by a writer that crashed before committing) by their modification time,
    /// removed files once their tombstone is older than the retention too. Never touches <c>_delta_log</c> or any
    /// hidden (<c>_</c> or <c>.</c>) folder or file.
    /// </summary>
    /// <param name="retention">
    /// How old a file must be; <see langword="null"/> uses <c>delta.deletedFileRetentionDuration</c>, else 7 days.
    /// Readers of versions older than the retention may fail once their files are gone.
    /// </param>
    /// <param name="dryRun">List what would be deleted without deleting it.</param>
    /// <param name="cancellationToken">Cancels the vacuum between deletions.</param>
    /// <exception cref="ArgumentOutOfRangeException">The retention is negative.</exception>
    public async Task<VacuumResult> VacuumAsync(TimeSpan? retention = null, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        if (retention is { } r)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(r, TimeSpan.Zero);
        }

        var snapshot = await Log.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = Options.TimeProvider.GetUtcNow() - (retention ?? CheckpointWriter.TombstoneRetention(snapshot.Metadata));
        var cutoffMs = cutoff.ToUnixTimeMilliseconds();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in snapshot.Files)
        {
            keep.Add(RelativePath(file.Path));
        }

        foreach (var tombstone in snapshot.Tombstones)
        {
            if ((tombstone.DeletionTimestamp ?? 0) > cutoffMs)
            {
                keep.Add(RelativePath(tombstone.Path));
            }
        }

        var prefix = Log.TablePrefix;
        var files = new List<string>();
        long bytes = 0;
        await foreach (var entry in Store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var relative = entry.Key[prefix.Length..];
            if (relative.Split('/').Any(segment => segment.StartsWith('_') || segment.StartsWith('.'))
                || keep.Contains(relative) || entry.LastModified > cutoff)
            {
                continue;
            }

            if (!dryRun)
            {
                await Store.DeleteAsync(entry.Key, cancellationToken).ConfigureAwait(false);
            }

            files.Add(relative);
            bytes += entry.Size;
        }

        if (!dryRun)
        {
            LakeLog.VacuumDeleted(Logger, Log.Location, files.Count, bytes);
        }

        return new VacuumResult(files, bytes, dryRun);
    }

    /// <summary>Writes a checkpoint after a commit whose version is a multiple of the checkpoint interval.</summary>
    internal async Task CheckpointIfDueAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        var interval = snapshot.Metadata.Configuration.TryGetValue("delta.checkpointInterval", out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var configured) && configured > 0
                ? configured
                : DefaultCheckpointInterval;
        if (snapshot.Version == 0 || snapshot.Version % interval != 0)
        {
            return;
        }

        try
        {
            await CheckpointAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The commit stands; a checkpoint only speeds up reads, and the next interval writes another.
            LakeLog.CheckpointWriteFailed(Logger, e, Log.Location, snapshot.Version);
        }
    }

    /// <summary>The file's path relative to the table folder, for an action path (decoded; absolute file URIs inside the table made relative).</summary>
    private string RelativePath(string actionPath)
    {
        var path = DeltaPath.Decode(actionPath);
        if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.IsFile)
        {
            var tableFolder = TablePath.Length == 0 ? Store.Root : Store.Locate(TablePath);
            var relative = System.IO.Path.GetRelativePath(tableFolder, uri.LocalPath);
            return relative.Replace(System.IO.Path.DirectorySeparatorChar, '/');
        }

        return path;
    }

    private DeltaLogException AlreadyExists() =>
        new(Log.Location, $"A Delta table already exists at '{Log.Location}'.");
}
