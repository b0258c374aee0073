using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Project;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// Lands pushed batches (<c>kind: push</c> sources) in the lake: each batch is read whole into DuckDB, its rows checked
/// against the declared columns, and committed to the source's Delta table in one commit (appended, or merged on the
/// primary key), its unloadable rows to <c>&lt;source&gt;__quarantine</c> just before. A batch with an idempotency key
/// records the key in those commits (a Delta <c>txn</c> action, application <c>weir.push:&lt;key&gt;</c>), so a resent
/// batch is recognised from the lake itself, after any crash, and lands once.
/// </summary>
/// <remarks>
/// Batches to one source are committed one at a time (their bodies are read in parallel); the writer is meant to live
/// as long as the server. It never holds the warehouse file: give it an in-memory engine.
/// </remarks>
public sealed class PushBatchWriter
{
    /// <summary>The commit parameter that names the batch (its idempotency key, or the id Weir gave it).</summary>
    public const string BatchParameter = "weir.push.batch";

    /// <summary>The commit parameter holding the SHA-256 of the batch's body, which tells a resend from a reused key.</summary>
    public const string BodyHashParameter = "weir.push.sha256";

    /// <summary>The longest idempotency key accepted.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>How many bad rows a refused batch reports.</summary>
    private const int ReportedBadRows = 10;

    private const string AppIdPrefix = "weir.push:";
    private const string RawTable = "__weir_push_raw";
    private const string RowsTable = "__weir_push_rows";
    private const string BadTable = "__weir_push_bad";
    private const string LoadTable = "__weir_push_load";
    private const string BadColumn = "__weir_bad";

    private readonly DuckDbEngine _engine;
    private readonly LakeTables _lake;
    private readonly string _stagingFolder;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a writer.</summary>
    /// <param name="engine">The engine that reads the batches (in memory: it holds only scratch tables).</param>
    /// <param name="lake">The project's lake.</param>
    /// <param name="stagingFolder">Where bodies are spooled while they arrive; files there are scratch.</param>
    /// <param name="timeProvider">The clock for batch ids; <see cref="TimeProvider.System"/> by default.</param>
    public PushBatchWriter(DuckDbEngine engine, LakeTables lake, string stagingFolder, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentException.ThrowIfNullOrEmpty(stagingFolder);
        _engine = engine;
        _lake = lake;
        _stagingFolder = Path.GetFullPath(stagingFolder);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Whether <paramref name="key"/> can be an idempotency key: 1 to <see cref="MaxKeyLength"/> visible ASCII characters.</summary>
    public static bool IsValidKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length is > 0 and <= MaxKeyLength && key.All(c => c is > ' ' and < '\u007f');
    }

    /// <summary>
    /// Reads <paramref name="body"/> to its end and lands it in <paramref name="source"/>'s table. Returns once the
    /// commit is in the lake; with a key that already landed, writes nothing and returns the original outcome with
    /// <see cref="PushBatchResult.Duplicate"/> set.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> stops the batch while its body is read and while it waits for the source's
    /// turn; once its rows are being loaded it is committed to the end.
    /// </remarks>
    /// <exception cref="PushBatchException">The batch is refused (not JSON, too many bad rows, incompatible schema); nothing was committed.</exception>
    public async Task<PushBatchResult> WriteAsync(
        SourceSpec source, Stream body, PushBodyFormat format, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(body);
        if (source.Format != SourceFormat.Push)
        {
            throw new ArgumentException($"'{source.Name}' is not a push source.", nameof(source));
        }

        if (idempotencyKey is not null && !IsValidKey(idempotencyKey))
        {
            throw new PushBatchException(PushBatchFailure.InvalidBody,
                string.Create(CultureInfo.InvariantCulture, $"the Idempotency-Key must be 1 to {MaxKeyLength} visible ASCII characters"));
        }

        var batch = idempotencyKey ?? NewBatchId();
        using var staged = await PushBatchStager.StageAsync(body, format, _stagingFolder, Guid.NewGuid().ToString("N"), cancellationToken)
            .ConfigureAwait(false);
        var gate = _locks.GetOrAdd(source.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (idempotencyKey is not null
                && await FindLandedAsync(source, idempotencyKey, staged.Sha256, cancellationToken).ConfigureAwait(false) is { } landed)
            {
                return landed;
            }

            // The body is read whole: land it even if the client goes away now. Stopping between the quarantine and the
            // rows, or mid-commit, would only make the batch's fate harder for the client to tell.
            var session = await _engine.OpenSessionAsync(CancellationToken.None).ConfigureAwait(false);
            await using var sessionScope = session.ConfigureAwait(false);
            try
            {
                return await LoadAsync(session, source, staged, batch, idempotencyKey, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DuckDBException ex)
            {
                throw new PushBatchException(PushBatchFailure.Rejected, "the batch could not be read: " + ex.Message, innerException: ex);
            }
            catch (LakeWriteException ex)
            {
                throw new PushBatchException(PushBatchFailure.Rejected, ex.Message, innerException: ex);
            }
            finally
            {
                // Not cancellable: the scratch tables must go even when the batch was canceled.
                await session.ExecuteAsync(
                    $"DROP TABLE IF EXISTS {RawTable}; DROP TABLE IF EXISTS {RowsTable}; DROP TABLE IF EXISTS {BadTable}; DROP TABLE IF EXISTS {LoadTable}",
                    CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The name of the table that holds a push source's quarantined rows.</summary>
    public static string QuarantineName(string source) => DuckDbAssetBuilder.QuarantineName(source);

    private async Task<PushBatchResult> LoadAsync(
        ISqlSession session, SourceSpec source, PushStagedBatch staged, string batch, string? key, CancellationToken cancellationToken)
    {
        var file = SqlText.Literal(batch);
        await session.ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {BadTable} (file VARCHAR, line BIGINT, raw VARCHAR, reason VARCHAR)", cancellationToken)
            .ConfigureAwait(false);
        if (staged.Bad > 0)
        {
            await session.ExecuteAsync(
                $"INSERT INTO {BadTable} SELECT {file}, line, raw, reason FROM read_json({SqlText.Literal(staged.BadPath)}, " +
                "format = 'newline_delimited', columns = {'line': 'BIGINT', 'raw': 'VARCHAR', 'reason': 'VARCHAR'})",
                cancellationToken).ConfigureAwait(false);
        }

        if (staged.Rows > 0)
        {
            await StageRowsAsync(session, source, staged, file, cancellationToken).ConfigureAwait(false);
        }
        else if (source.Columns.Count > 0)
        {
            var empty = source.Columns.Select(c => $"CAST(NULL AS {TypeOf(c)}) AS {SqlText.Identifier(c.Name)}");
            await session.ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {LoadTable} AS SELECT {string.Join(", ", empty)} WHERE false", cancellationToken)
                .ConfigureAwait(false);
        }
        else if (await _lake.TryOpenAsync(source, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            var snapshot = await existing.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
            await _lake.PublishAsync(session, source, snapshot, cancellationToken).ConfigureAwait(false);
            await session.ExecuteAsync(
                $"CREATE OR REPLACE TEMP TABLE {LoadTable} AS SELECT * FROM main.{SqlText.Identifier(source.Name)} WHERE false", cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            throw new PushBatchException(PushBatchFailure.Rejected,
                $"no row of the batch is a JSON object, and '{source.Name}' has no table and declares no columns to create one from; nothing was committed");
        }

        var bad = await CountAsync(session, BadTable, cancellationToken).ConfigureAwait(false);
        var read = staged.Read;
        var loaded = read - bad;
        if (source.MaxBadRows is { } limit && limit.IsExceeded(bad, read))
        {
            var first = await session.QueryAsync($"SELECT line, reason FROM {BadTable} ORDER BY line LIMIT {ReportedBadRows}", null, cancellationToken)
                .ConfigureAwait(false);
            var rows = first.Rows.Select(r => new PushBadRow(Convert.ToInt64(r[0], CultureInfo.InvariantCulture), (string)r[1]!)).ToList();
            throw new PushBatchException(PushBatchFailure.TooManyBadRows,
                string.Create(CultureInfo.InvariantCulture,
                    $"{Count(bad, "row")} of {Count(read, "row")} could not be loaded, over max_bad_rows ({limit}); nothing was committed. ") +
                $"The first bad rows are listed with their line and reason (in \"errors\"); fix them and send the batch again",
                rows);
        }

        // The source's on_schema_change decides what a batch with new, missing or retyped fields does, before anything is
        // committed (a refused change commits neither rows nor quarantine).
        var (plan, table) = await PlanSchemaAsync(session, source, cancellationToken).ConfigureAwait(false);
        var appId = AppIdPrefix + key;
        long? appVersion = key is null ? null : 1;
        if (bad > 0)
        {
            // Before the rows and under the same key: a crash between the two commits leaves the key out of the
            // source's table, so the resent batch lands its rows and skips the quarantine it already wrote.
            await _lake.WriteWithAppIdAsync(
                session, DuckDbAssetBuilder.QuarantineSpec(source),
                $"SELECT file, CAST(line AS BIGINT) AS line, raw, reason, current_timestamp AS loaded_at FROM {BadTable} ORDER BY line",
                LakeWriteMode.Append, keys: null, SchemaChangePolicy.Evolve, appId, appVersion, requiredColumns: null,
                new Dictionary<string, string>(StringComparer.Ordinal) { [BatchParameter] = batch }, cancellationToken).ConfigureAwait(false);
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [BatchParameter] = batch,
            [BodyHashParameter] = staged.Sha256,
            ["weir.rowsRead"] = read.ToString(CultureInfo.InvariantCulture),
            ["weir.rowsLoaded"] = loaded.ToString(CultureInfo.InvariantCulture),
            ["weir.rowsQuarantined"] = bad.ToString(CultureInfo.InvariantCulture),
        };
        if (plan.Changes.Count > 0)
        {
            parameters[SourceSchemaPlan.ChangesParameter] = plan.ToJson();
        }

        var merge = source.PrimaryKey.Count > 0;
        var written = await _lake.WriteWithAppIdAsync(
            session, source, plan.Select, merge ? LakeWriteMode.Merge : LakeWriteMode.Append,
            merge ? source.PrimaryKey : null, SchemaChangePolicy.Evolve, appId, appVersion,
            [.. source.Columns.Select(c => c.Name)], parameters, cancellationToken, loaded: table).ConfigureAwait(false);
        return new PushBatchResult
        {
            Batch = batch,
            RowsRead = read,
            RowsLoaded = loaded,
            RowsQuarantined = bad,
            BytesRead = staged.Bytes,
            Version = written.Version,
            TableRows = written.Rows,
            Duplicate = written.Skipped,
        };
    }

    /// <summary>
    /// Reads the staged objects, sends those whose non-null value in a typed column does not convert (or whose primary
    /// key is null) to the bad rows, and the others, cast, to the load table (on a primary key, the last row of a key
    /// in the batch wins). Declared columns absent from the batch are added as NULL.
    /// </summary>
    private static async Task StageRowsAsync(
        ISqlSession session, SourceSpec source, PushStagedBatch staged, string file, CancellationToken cancellationToken)
    {
        var line = SqlText.Identifier(PushBatchStager.LineColumn);
        await session.ExecuteAsync(
            $"CREATE OR REPLACE TEMP TABLE {RawTable} AS SELECT * FROM read_ndjson({SqlText.Literal(staged.RowsPath)}, sample_size = -1)",
            cancellationToken).ConfigureAwait(false);
        var described = await session.QueryAsync($"DESCRIBE {RawTable}", null, cancellationToken).ConfigureAwait(false);
        var columns = described.Rows.Select(r => (string)r[0]!).Where(c => c != PushBatchStager.LineColumn).ToList();
        var missing = source.Columns
            .Where(d => !columns.Contains(d.Name, StringComparer.OrdinalIgnoreCase))
            .Select(d => $"CAST(NULL AS {TypeOf(d)}) AS {SqlText.Identifier(d.Name)}")
            .ToList();
        var typed = source.Columns.Where(c => !string.IsNullOrWhiteSpace(c.Type)).Select(c => (Column: SqlText.Identifier(c.Name), Name: c.Name, Type: c.Type!.Trim())).ToList();
        var failures = typed
            .Select(c => CastFailureSql.For(c.Name, c.Type))
            .Concat(source.PrimaryKey.Select(k => (
                Condition: $"({SqlText.Identifier(k)} IS NULL)",
                Reason: $"CASE WHEN {SqlText.Identifier(k)} IS NULL THEN {SqlText.Literal($"primary key column \"{k}\" is null")} END")))
            .ToList();
        var condition = failures.Count == 0 ? "false" : string.Join(" OR ", failures.Select(f => f.Condition));
        await session.ExecuteAsync(
            $"CREATE OR REPLACE TEMP TABLE {RowsTable} AS SELECT *{string.Concat(missing.Select(m => ", " + m))}, ({condition}) AS {BadColumn} FROM {RawTable}; " +
            $"DROP TABLE {RawTable}",
            cancellationToken).ConfigureAwait(false);
        if (failures.Count > 0)
        {
            var row = "{" + string.Join(", ", columns.Select(c => $"{SqlText.Literal(c)}: {SqlText.Identifier(c)}")) + "}";
            await session.ExecuteAsync(
                $"INSERT INTO {BadTable} SELECT {file}, {line}, CAST(to_json({row}) AS VARCHAR), " +
                $"concat_ws('; ', {string.Join(", ", failures.Select(f => f.Reason))}) FROM {RowsTable} WHERE {BadColumn}",
                cancellationToken).ConfigureAwait(false);
        }

        var replace = typed.Count == 0 ? string.Empty : $" REPLACE ({string.Join(", ", typed.Select(c => $"CAST({c.Column} AS {c.Type}) AS {c.Column}"))})";
        var latest = source.PrimaryKey.Count == 0 ? string.Empty
            : $" QUALIFY row_number() OVER (PARTITION BY {string.Join(", ", source.PrimaryKey.Select(SqlText.Identifier))} ORDER BY {line} DESC) = 1";
        await session.ExecuteAsync(
            $"CREATE OR REPLACE TEMP TABLE {LoadTable} AS SELECT * EXCLUDE ({line}, {BadColumn}){replace} FROM {RowsTable} " +
            $"WHERE NOT {BadColumn}{latest} ORDER BY {line}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The outcome of the batch with this key when it is already in the source's table, else <see langword="null"/>.
    /// </summary>
    /// <exception cref="PushBatchException">The key landed a batch whose body differs from this one (<paramref name="bodyHash"/>).</exception>
    private async Task<PushBatchResult?> FindLandedAsync(SourceSpec source, string key, string bodyHash, CancellationToken cancellationToken)
    {
        var table = await _lake.TryOpenAsync(source, cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            return null;
        }

        var snapshot = await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (!snapshot.AppVersions.ContainsKey(AppIdPrefix + key))
        {
            return null;
        }

        var history = await new DeltaLog(_lake.Store, LakeTables.TablePath(source), checkpointFormat: DuckDbCheckpointFormat.Shared).GetHistoryAsync(null, cancellationToken).ConfigureAwait(false);
        var commit = history.FirstOrDefault(c => c.OperationParameters.TryGetValue(BatchParameter, out var b) && b == key);
        // A key is for resending the same batch: the same key with another body is a client bug that would lose that
        // body if it were answered as a duplicate. (Commits without the hash, from before it was recorded, are trusted.)
        if (commit is not null && commit.OperationParameters.TryGetValue(BodyHashParameter, out var landedHash)
            && !string.Equals(landedHash, bodyHash, StringComparison.Ordinal))
        {
            throw new PushBatchException(PushBatchFailure.KeyReused, string.Create(CultureInfo.InvariantCulture,
                $"the Idempotency-Key \"{key}\" already landed a different batch (Delta version {commit.Version}); nothing was loaded: send a new batch with a new key"));
        }
        long Parameter(string name) =>
            commit is not null && commit.OperationParameters.TryGetValue(name, out var text)
                && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
        return new PushBatchResult
        {
            Batch = key,
            RowsRead = Parameter("weir.rowsRead"),
            RowsLoaded = Parameter("weir.rowsLoaded"),
            RowsQuarantined = Parameter("weir.rowsQuarantined"),
            // The history may have been cleaned up since: the key is still in the snapshot, the version is then today's.
            Version = commit?.Version ?? snapshot.Version,
            TableRows = LakeTables.RowCount(snapshot),
            Duplicate = true,
        };
    }

    private static string TypeOf(ColumnSpec column) => string.IsNullOrWhiteSpace(column.Type) ? "VARCHAR" : column.Type.Trim();

    private static async Task<long> CountAsync(ISqlSession session, string table, CancellationToken cancellationToken) =>
        Convert.ToInt64(await session.ScalarAsync($"SELECT count(*) FROM {table}", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

    private static string Count(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>A sortable, unique id for a batch sent without a key: <c>push-20261126T010203Z-3fa2c1</c>.</summary>
    private string NewBatchId() =>
        string.Create(CultureInfo.InvariantCulture, $"push-{_time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{RandomNumberGenerator.GetInt32(0x1000000):x6}");

    /// <summary>
    /// Compares the staged batch with the lake table's schema under the source's <c>on_schema_change</c>; a refused change
    /// is a <see cref="PushBatchFailure.Rejected"/> failure naming the column and what to do. Returns the table as read,
    /// so the batch's write does not read it again.
    /// </summary>
    private async Task<(SourceSchemaPlan Plan, LoadedLakeTable Table)> PlanSchemaAsync(
        ISqlSession session, SourceSpec source, CancellationToken cancellationToken)
    {
        var select = $"SELECT * FROM {LoadTable}";
        var incoming = TableSchema.Parse(await DeltaSchemaConverter.DescribeAsync(session, select, cancellationToken).ConfigureAwait(false));
        var table = await _lake.LoadAsync(source, cancellationToken).ConfigureAwait(false);
        var current = table.Snapshot is { } snapshot ? TableSchema.Parse(snapshot.Metadata.SchemaString) : null;
        var plan = SourceSchemaPlan.Create(current, incoming, source.OnSchemaChange, select, out var error)
            ?? throw new PushBatchException(PushBatchFailure.Rejected, $"{error}; nothing was committed");
        return (plan, table);
    }
}
