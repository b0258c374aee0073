using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weir.Engine;
using Weir.Lake;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Lake.Storage;
using Weir.Lake.Transactions;
using Weir.Project;
using Weir.Storage;

namespace Weir.DuckDb.Lake;

/// <summary>
/// The project's lake as the DuckDB engine sees it: each stored asset is a Delta table at
/// <c>&lt;lake&gt;/&lt;zone&gt;/&lt;asset&gt;</c>, written through <see cref="DeltaTableOperations"/> and committed through
/// <see cref="DeltaTable"/>, and published in the warehouse as a view of the same name over the committed snapshot,
/// so SQL reads it by name.
/// </summary>
public sealed class LakeTables
{
    private readonly LakeSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the lake over <paramref name="settings"/>' root folder (created on first write).</summary>
    public LakeTables(LakeSettings settings, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Store = new LocalObjectStore(settings.Root);
    }

    /// <summary>The object store at the lake's root.</summary>
    public IObjectStore Store { get; }

    /// <summary>The key prefix of an asset's table in <see cref="Store"/>: <c>zone/name</c>.</summary>
    public static string TablePath(AssetSpec asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return asset.Zone.ToString().ToLowerInvariant() + "/" + asset.Name;
    }

    /// <summary>
    /// Deletes data files a write added but will not commit (best effort: a file left behind is an orphan, which VACUUM
    /// removes).
    /// </summary>
    private void DeleteUncommitted(AssetSpec asset, IReadOnlyList<AddAction> adds)
    {
        foreach (var add in adds)
        {
            try
            {
                File.Delete(Path.Combine(TableFolder(asset), Uri.UnescapeDataString(add.Path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for VACUUM.
            }
        }
    }

    /// <summary>The absolute folder of an asset's table.</summary>
    public string TableFolder(AssetSpec asset) => Path.Combine(_settings.Root, asset.Zone.ToString().ToLowerInvariant(), asset.Name);

    /// <summary>Opens an asset's table, or <see langword="null"/> when it has never been written.</summary>
    public async Task<DeltaTable?> TryOpenAsync(AssetSpec asset, CancellationToken cancellationToken = default)
    {
        var log = new DeltaLog(Store, TablePath(asset), _loggerFactory, DuckDbCheckpointFormat.Shared);
        return await log.ExistsAsync(cancellationToken).ConfigureAwait(false)
            ? await DeltaTable.OpenAsync(Store, TablePath(asset), Options(), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Opens an asset's table and loads its latest snapshot (both <see langword="null"/> when it has never been written).</summary>
    internal async Task<LoadedLakeTable> LoadAsync(AssetSpec asset, CancellationToken cancellationToken)
    {
        var table = await TryOpenAsync(asset, cancellationToken).ConfigureAwait(false);
        var snapshot = table is null ? null : await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        return new LoadedLakeTable(table, snapshot);
    }

    /// <summary>
    /// Writes the rows of <paramref name="select"/> to the asset's table in one commit and publishes the new snapshot as
    /// a view. With <paramref name="appVersion"/>, the batch commits at most once (Delta <c>txn</c>): a retry of a batch
    /// already in the log is skipped.
    /// </summary>
    /// <remarks>
    /// An overwrite writes first and compares schemas after, so its files are read once; a write the schema policy then
    /// refuses leaves orphan files for VACUUM and the table unchanged. <paramref name="requiredColumns"/> (declared
    /// columns) must all be in the written data. <paramref name="operationParameters"/> are recorded in the commit's
    /// <c>commitInfo.operationParameters</c> (next to <c>mode</c> and <c>keys</c>), so state such as an ingestion
    /// watermark commits atomically with the data it describes. <paramref name="mergeSource"/> tells a merge what the
    /// caller knows of <paramref name="select"/> (see <see cref="MergeSourceTraits"/>).
    /// </remarks>
    /// <exception cref="LakeWriteException">The schema change is not allowed, a key is duplicated, or the write failed.</exception>
    public async Task<LakeWriteResult> WriteAsync(
        ISqlSession session,
        AssetSpec asset,
        string select,
        LakeWriteMode mode,
        IReadOnlyList<string>? keys = null,
        SchemaChangePolicy policy = SchemaChangePolicy.Evolve,
        long? appVersion = null,
        IReadOnlyList<string>? requiredColumns = null,
        IReadOnlyDictionary<string, string>? operationParameters = null,
        MergeSourceTraits mergeSource = MergeSourceTraits.None,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(select);
        return await WriteWithAppIdAsync(
            session, asset, select, mode, keys, policy, "weir:" + asset.Name, appVersion, requiredColumns, operationParameters, cancellationToken,
            mergeSource).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>WriteAsync</c> with the Delta <c>txn</c> application id chosen by the caller (a push batch's idempotency key has its own).
    /// A caller that has already read the table (<paramref name="loaded"/>, from <see cref="LoadAsync"/>) or described
    /// <paramref name="select"/> (<paramref name="incoming"/>) passes them on, so they are not read again; the commit
    /// still checks for concurrent writers against the snapshot it was built on.
    /// </summary>
    internal async Task<LakeWriteResult> WriteWithAppIdAsync(
        ISqlSession session,
        AssetSpec asset,
        string select,
        LakeWriteMode mode,
        IReadOnlyList<string>? keys,
        SchemaChangePolicy policy,
        string appId,
        long? appVersion,
        IReadOnlyList<string>? requiredColumns,
        IReadOnlyDictionary<string, string>? operationParameters,
        CancellationToken cancellationToken,
        MergeSourceTraits mergeSource = MergeSourceTraits.None,
        LoadedLakeTable? loaded = null,
        TableSchema? incoming = null,
        BeforeCommit? beforeCommit = null)
    {
        var (table, snapshot) = loaded ?? await LoadAsync(asset, cancellationToken).ConfigureAwait(false);
        if (snapshot is not null && appVersion is { } batch && snapshot.AppVersions.TryGetValue(appId, out var done) && done >= batch)
        {
            await PublishAsync(session, asset, snapshot, cancellationToken).ConfigureAwait(false);
            return new LakeWriteResult
            {
                Version = snapshot.Version, Skipped = true, Rows = RowCount(snapshot), CommittedAt = snapshot.Timestamp,
            };
        }

        Snapshot? target = null;
        string? change = null;
        SchemaDiff? diff = null;
        if (mode != LakeWriteMode.Overwrite && snapshot is not null)
        {
            incoming ??= TableSchema.Parse(await DeltaSchemaConverter.DescribeAsync(session, select, cancellationToken).ConfigureAwait(false));
            (target, diff) = PlanSchema(asset, snapshot, incoming, mode, policy);
            change = diff?.Summary();
        }

        var operations = new DeltaTableOperations(session, TableFolder(asset), _time)
        {
            TargetFileSize = _settings.TargetFileSize, ParquetVersion = _settings.ParquetVersion,
            PreserveOrder = !mergeSource.HasFlag(MergeSourceTraits.Unordered),
        };
        var partitions = asset.PartitionBy.Count > 0 ? asset.PartitionBy : null;
        DeltaOperationResult result;
        try
        {
            result = (mode, target) switch
            {
                // An overwrite rewrites every file, so the table takes the asset's partition_by, none included.
                (LakeWriteMode.Overwrite, _) => await operations.OverwriteAsync(snapshot, select, asset.PartitionBy, cancellationToken)
                    .ConfigureAwait(false),
                (_, null) => await operations.AppendAsync(null, select, partitions, cancellationToken).ConfigureAwait(false),
                (LakeWriteMode.Append, _) => await operations.AppendAsync(target, select, null, cancellationToken).ConfigureAwait(false),
                _ => await operations.MergeAsync(target, select, keys ?? [], mergeSource, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (DeltaWriteException ex)
        {
            throw new LakeWriteException(ex.Message, ex);
        }

        var written = TableSchema.Parse(result.SchemaString);
        if (requiredColumns?.FirstOrDefault(c => written.Find(c) is null) is { } missing)
        {
            throw new LakeWriteException(
                $"declared column \"{missing}\" is not in the data; its columns are {string.Join(", ", written.Fields.Select(f => $"\"{f.Name}\""))}");
        }

        if (mode == LakeWriteMode.Overwrite)
        {
            (_, diff) = PlanSchema(asset, snapshot, written, mode, policy);
            change = diff?.Summary();
        }

        // Before the table is made: a first write the hook stops leaves no table behind, not even an empty one.
        IReadOnlyDictionary<string, string>? more = null;
        if (beforeCommit is not null)
        {
            try
            {
                more = await beforeCommit(result, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The write stops here: its files will never be committed.
                DeleteUncommitted(asset, result.Adds);
                throw;
            }
        }

        if (table is null)
        {
            table = await DeltaTable.CreateAsync(
                Store, TablePath(asset), result.SchemaString, result.PartitionColumns, Configuration(asset), Options(), cancellationToken).ConfigureAwait(false);
            snapshot = await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        }

        var transaction = table.BeginTransaction(snapshot!);
        foreach (var remove in result.Removes)
        {
            transaction.Remove(remove);
        }

        foreach (var add in result.Adds)
        {
            transaction.Add(add);
        }

        if (mode != LakeWriteMode.Append)
        {
            transaction.ReadWholeTable();
        }

        MetadataAction? metadata = null;
        if (change is not null || (mode == LakeWriteMode.Overwrite && (snapshot!.Metadata.SchemaString != result.SchemaString
            || !snapshot.Metadata.PartitionColumns.SequenceEqual(result.PartitionColumns, StringComparer.Ordinal))))
        {
            metadata = WithSchema(snapshot!.Metadata, result.SchemaString, result.PartitionColumns);
        }

        // A push table made before its idempotency window was a table property, or whose window changed, takes it now.
        var current = (metadata ?? snapshot!.Metadata).Configuration;
        if (Configuration(asset).TryGetValue(TransactionRetentionProperty, out var window)
            && (!current.TryGetValue(TransactionRetentionProperty, out var set) || set != window))
        {
            var basis = metadata ?? snapshot!.Metadata;
            metadata = Copy(basis, basis.SchemaString, basis.PartitionColumns,
                new Dictionary<string, string?>(current, StringComparer.Ordinal) { [TransactionRetentionProperty] = window });
        }

        if (metadata is not null)
        {
            transaction.UpdateMetadata(metadata);
        }

        if (appVersion is { } version)
        {
            transaction.SetAppVersion(appId, version);
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["mode"] = mode.ToString() };
        if (keys is { Count: > 0 })
        {
            parameters["keys"] = string.Join(",", keys);
        }

        foreach (var (name, value) in operationParameters ?? new Dictionary<string, string>())
        {
            parameters[name] = value;
        }

        foreach (var (name, value) in more ?? new Dictionary<string, string>())
        {
            parameters[name] = value;
        }

        var operation = mode switch { LakeWriteMode.Merge => "MERGE", _ => "WRITE" };
        // An append that evolves the schema (or sets a property) changes the metadata too, so it is not blind.
        var blindAppend = mode == LakeWriteMode.Append && metadata is null;
        var commit = await transaction.CommitAsync(operation, parameters, blindAppend, cancellationToken).ConfigureAwait(false);
        await PublishAsync(session, asset, commit.Snapshot, cancellationToken).ConfigureAwait(false);
        return new LakeWriteResult
        {
            Version = commit.Version,
            Skipped = commit.Skipped,
            CommittedAt = commit.Snapshot.Timestamp,
            Rows = RowCount(commit.Snapshot),
            // A merge also rewrites the untouched rows of the files it changes: those are neither written by the SELECT
            // nor removed, and the replaced rows are counted once.
            RowsWritten = result.SourceRows,
            RowsRemoved = result.DeletedRows,
            FilesAdded = result.Adds.Count,
            FilesRemoved = result.Removes.Count,
            SchemaChange = change,
            SchemaDiff = diff,
        };
    }

    /// <summary>
    /// The operation parameters of the newest commit of the asset's table that records <paramref name="parameter"/>
    /// (see <see cref="WriteAsync"/>), or <see langword="null"/> when the table does not exist or no commit records it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>?> FindCommitParametersAsync(
        AssetSpec asset, string parameter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(parameter);
        var log = new DeltaLog(Store, TablePath(asset), _loggerFactory, DuckDbCheckpointFormat.Shared);
        if (!await log.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // The newest commits nearly always hold it: look there first, then through the whole history.
        foreach (var limit in new int?[] { 16, null })
        {
            var history = await log.GetHistoryAsync(limit, cancellationToken).ConfigureAwait(false);
            if (history.FirstOrDefault(c => c.OperationParameters.ContainsKey(parameter)) is { } found)
            {
                return found.OperationParameters;
            }

            if (history.Count < limit)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>
    /// The application version (Delta <c>txn</c>) <see cref="WriteAsync"/> last committed for the asset, or 0 when none.
    /// </summary>
    public async Task<long> LastAppVersionAsync(AssetSpec asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var table = await TryOpenAsync(asset, cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            return 0;
        }

        var snapshot = await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.AppVersions.TryGetValue("weir:" + asset.Name, out var version) ? version : 0;
    }

    /// <summary>
    /// Compacts the asset's small files (per partition) into files of about the target size, in one commit that
    /// changes no data, and republishes the view. Returns <see langword="null"/> when there was nothing to compact.
    /// </summary>
    public async Task<LakeWriteResult?> OptimizeAsync(ISqlSession session, AssetSpec asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(asset);
        var table = await TryOpenAsync(asset, cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            return null;
        }

        var snapshot = await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var operations = new DeltaTableOperations(session, TableFolder(asset), _time)
        {
            TargetFileSize = _settings.TargetFileSize, ParquetVersion = _settings.ParquetVersion,
        };
        var result = await operations.OptimizeAsync(snapshot, _settings.TargetFileSize, cancellationToken).ConfigureAwait(false);
        if (result.IsEmpty)
        {
            return null;
        }

        var transaction = table.BeginTransaction(snapshot);
        transaction.ReadFiles(snapshot.Files.Where(f => result.Removes.Any(r => r.Path == f.Path)));
        foreach (var remove in result.Removes)
        {
            transaction.Remove(remove);
        }

        foreach (var add in result.Adds)
        {
            transaction.Add(add);
        }

        var commit = await transaction.CommitAsync(
            "OPTIMIZE",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["targetFileSize"] = _settings.TargetFileSize.ToString(CultureInfo.InvariantCulture) },
            isBlindAppend: false,
            cancellationToken).ConfigureAwait(false);
        await PublishAsync(session, asset, commit.Snapshot, cancellationToken).ConfigureAwait(false);
        return new LakeWriteResult
        {
            Version = commit.Version,
            Rows = RowCount(commit.Snapshot),
            FilesAdded = result.Adds.Count,
            FilesRemoved = result.Removes.Count,
        };
    }

    /// <summary>
    /// Deletes the asset's data files that no version within the retention needs (removed longer ago than the
    /// retention, or never committed), as VACUUM does; <paramref name="retention"/> defaults to the lake's.
    /// </summary>
    public async Task<VacuumResult?> VacuumAsync(AssetSpec asset, TimeSpan? retention = null, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var table = await TryOpenAsync(asset, cancellationToken).ConfigureAwait(false);
        return table is null
            ? null
            : await table.VacuumAsync(retention ?? _settings.Retention, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates or replaces the warehouse view named after the asset over <paramref name="snapshot"/>'s live files
    /// (replacing a table of that name left by an older Weir).
    /// </summary>
    public async Task PublishAsync(ISqlSession session, AssetSpec asset, Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        await PublishAsync(session, asset.Name, snapshot, TableFolder(asset), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or replaces the view <paramref name="viewName"/> over a snapshot of the table in <paramref name="tableFolder"/>.</summary>
    public static async Task PublishAsync(
        ISqlSession session, string viewName, Snapshot snapshot, string tableFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            await DeltaScanBuilder.CreateViewAsync(session, viewName, snapshot, tableFolder, "main", cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException ex) when (ex.ErrorType == DuckDBErrorType.Catalog && ex.Message.Contains("trying to replace with type", StringComparison.Ordinal))
        {
            await session.ExecuteAsync($"DROP TABLE main.{SqlText.Identifier(viewName)}", cancellationToken).ConfigureAwait(false);
            await DeltaScanBuilder.CreateViewAsync(session, viewName, snapshot, tableFolder, "main", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rows in a snapshot, from the files' statistics.</summary>
    public static long RowCount(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Files.Sum(f => FileStats.Parse(f.Stats)?.NumRecords ?? 0);
    }

    private static MetadataAction WithSchema(MetadataAction metadata, string schemaString, IReadOnlyList<string> partitionColumns) =>
        Copy(metadata, schemaString, partitionColumns, metadata.Configuration);

    /// <summary>The table's metadata (its id, name, format, creation time) with this schema, partitioning and properties.</summary>
    private static MetadataAction Copy(
        MetadataAction metadata, string schemaString, IReadOnlyList<string> partitionColumns, Dictionary<string, string?> configuration) => new()
    {
        Id = metadata.Id,
        Name = metadata.Name,
        Description = metadata.Description,
        Format = metadata.Format,
        SchemaString = schemaString,
        PartitionColumns = [.. partitionColumns],
        Configuration = configuration,
        CreatedTime = metadata.CreatedTime,
    };

    /// <summary>
    /// The snapshot to write against (with the evolved schema when columns are added or widened) and the change, if
    /// any; throws when the policy forbids the change.
    /// </summary>
    private static (Snapshot? Target, SchemaDiff? Diff) PlanSchema(
        AssetSpec asset, Snapshot? snapshot, TableSchema incoming, LakeWriteMode mode, SchemaChangePolicy policy)
    {
        if (snapshot is null)
        {
            return (null, null);
        }

        var current = TableSchema.Parse(snapshot.Metadata.SchemaString);
        var diff = SchemaEvolution.Compare(current, incoming);
        if (diff.IsEmpty)
        {
            return (snapshot, null);
        }

        if (policy == SchemaChangePolicy.Fail || (policy == SchemaChangePolicy.Evolve && diff.Breaking.Count > 0))
        {
            var hint = policy == SchemaChangePolicy.Fail
                ? "the table has on_schema_change: fail; change it to evolve or overwrite to accept the change"
                : "set on_schema_change: overwrite on the asset to replace the table's schema";
            throw new LakeWriteException($"the schema of '{asset.Name}' would change ({diff.Describe()}): {hint}");
        }

        if (mode == LakeWriteMode.Overwrite)
        {
            return (snapshot, diff);
        }

        if (diff.Breaking.Count > 0)
        {
            throw new LakeWriteException(
                $"the schema of '{asset.Name}' would change ({diff.Describe()}) and an incremental write cannot drop or narrow columns: " +
                "run a full refresh (delete the table) or keep the columns");
        }

        var evolved = SchemaEvolution.Evolve(current, incoming);
        var metadata = WithSchema(snapshot.Metadata, evolved.ToJson(), snapshot.Metadata.PartitionColumns);
        return (new Snapshot
        {
            Version = snapshot.Version,
            Protocol = snapshot.Protocol,
            Metadata = metadata,
            Files = snapshot.Files,
            Tombstones = snapshot.Tombstones,
            AppVersions = snapshot.AppVersions,
            Timestamp = snapshot.Timestamp,
        }, diff);
    }

    /// <summary>
    /// The table properties Weir sets: the checkpoint interval, the retention of removed files and, for a push source,
    /// how long its batch keys (one <c>txn</c> each) are remembered: its <c>idempotency_window</c>.
    /// </summary>
    private Dictionary<string, string?> Configuration(AssetSpec asset)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["delta.checkpointInterval"] = _settings.CheckpointInterval.ToString(CultureInfo.InvariantCulture),
            ["delta.deletedFileRetentionDuration"] = Interval(_settings.Retention),
        };
        if (asset is SourceSpec { Format: SourceFormat.Push } push)
        {
            configuration[TransactionRetentionProperty] = Interval(push.IdempotencyWindow);
        }

        return configuration;
    }

    private static string Interval(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"interval {(long)span.TotalSeconds} seconds");

    /// <summary>Spark's table property for how long a <c>txn</c> is remembered; Weir's checkpoints honour it too.</summary>
    private const string TransactionRetentionProperty = "delta.setTransactionRetentionDuration";

    private DeltaTableOptions Options() => new()
    {
        TimeProvider = _time, LoggerFactory = _loggerFactory, CheckpointFormat = DuckDbCheckpointFormat.Shared,
    };
}
