using System.Globalization;
using Microsoft.Data.Sqlite;
using Weir.Checks;
using Weir.Runs;

namespace Weir.Catalog;

/// <summary>
/// An <see cref="IRunStore"/> in a SQLite database file (by default <c>.weir/metadata.db</c> in the project):
/// tables <c>runs</c>, <c>run_assets</c>, <c>check_results</c>, <c>schema_changes</c> and <c>profiles</c>, in WAL mode so
/// another process can read, or write after a short wait, while a run is going on.
/// </summary>
/// <remarks>
/// <para>
/// The store keeps one open connection and serializes calls on it. SQLite admits one writer per database at a time
/// anyway, so more connections would only queue on the file lock; one connection keeps its prepared statements and
/// pragmas and costs no open per call, which makes a write a few microseconds. Every member is safe to call
/// concurrently.
/// </para>
/// <para>Timestamps are stored as ISO-8601 UTC text, enums as lower-case text, check durations in milliseconds.</para>
/// </remarks>
public sealed partial class SqliteRunStore : IRunStore, ISchemaHistoryStore, IProfileStore, IAsyncDisposable, IDisposable
{
    private const string InsertRunSql = """
        INSERT INTO runs (run_id, command, selector, resumed_from, started_at, ended_at, status)
        VALUES ($run_id, $command, $selector, $resumed_from, $started_at, $ended_at, $status);
        """;

    private const string UpsertAssetSql = """
        INSERT INTO run_assets (run_id, asset, status, attempts, started_at, ended_at, row_count, error, detail,
            rows_read, rows_loaded, rows_quarantined, bytes_read, files, watermark_before, watermark_after, delta_version)
        VALUES ($run_id, $asset, $status, $attempts, $started_at, $ended_at, $row_count, $error, $detail,
            $rows_read, $rows_loaded, $rows_quarantined, $bytes_read, $files, $watermark_before, $watermark_after, $delta_version)
        ON CONFLICT (run_id, asset) DO UPDATE SET
            status = excluded.status, attempts = excluded.attempts, started_at = excluded.started_at,
            ended_at = excluded.ended_at, row_count = excluded.row_count, error = excluded.error, detail = excluded.detail,
            rows_read = excluded.rows_read, rows_loaded = excluded.rows_loaded, rows_quarantined = excluded.rows_quarantined,
            bytes_read = excluded.bytes_read, files = excluded.files, watermark_before = excluded.watermark_before,
            watermark_after = excluded.watermark_after, delta_version = excluded.delta_version;
        """;

    private const string InsertCheckSql = """
        INSERT INTO check_results
            (run_id, asset, column_name, check_type, severity, status, failing_rows, message, duration_ms, rows_checked, sample)
        VALUES ($run_id, $asset, $column_name, $check_type, $severity, $status, $failing_rows, $message, $duration_ms,
            $rows_checked, $sample);
        """;

    private const string CompleteRunSql = "UPDATE runs SET status = $status, ended_at = $ended_at WHERE run_id = $run_id;";

    private const string RunColumns = "run_id, command, selector, resumed_from, started_at, ended_at, status";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteCommand _insertRun;
    private readonly SqliteCommand _upsertAsset;
    private readonly SqliteCommand _insertCheck;
    private readonly SqliteCommand _completeRun;
    private bool _disposed;

    private SqliteRunStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
        _insertRun = Prepare(InsertRunSql, "$run_id", "$command", "$selector", "$resumed_from", "$started_at", "$ended_at", "$status");
        _upsertAsset = Prepare(
            UpsertAssetSql, "$run_id", "$asset", "$status", "$attempts", "$started_at", "$ended_at", "$row_count", "$error", "$detail",
            "$rows_read", "$rows_loaded", "$rows_quarantined", "$bytes_read", "$files", "$watermark_before", "$watermark_after", "$delta_version");
        _insertCheck = Prepare(
            InsertCheckSql,
            "$run_id", "$asset", "$column_name", "$check_type", "$severity", "$status", "$failing_rows", "$message", "$duration_ms",
            "$rows_checked", "$sample");
        _completeRun = Prepare(CompleteRunSql, "$run_id", "$status", "$ended_at");
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens the database at <paramref name="path"/>, creating its folder, the file and the schema when missing
    /// and applying newer schema migrations.
    /// </summary>
    /// <param name="path">The database file, e.g. <c>&lt;project&gt;/.weir/metadata.db</c>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="InvalidOperationException">The database was written by a newer version of Weir.</exception>
    /// <exception cref="SqliteException">The file is not a SQLite database or cannot be opened.</exception>
    public static async Task<SqliteRunStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // One connection lives as long as the store; pooling would only keep the file open after Dispose.
            Pooling = false,
        }.ToString();

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await SqliteSchema.InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            return new SqliteRunStore(connection, fullPath);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">A run with that id exists already.</exception>
    public async Task StartRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var p = _insertRun.Parameters;
            p[0].Value = run.RunId;
            p[1].Value = run.Command;
            p[2].Value = SqliteValues.OrNull(run.Selector);
            p[3].Value = SqliteValues.OrNull(run.ResumedFrom);
            p[4].Value = SqliteValues.ToText(run.StartedAt);
            p[5].Value = run.EndedAt is { } ended ? SqliteValues.ToText(ended) : DBNull.Value;
            p[6].Value = SqliteValues.ToText(run.Status);
            await _insertRun.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The run was never started in this store.</exception>
    public async Task SaveAssetAsync(string runId, AssetRunRecord asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(asset);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var p = _upsertAsset.Parameters;
            p[0].Value = runId;
            p[1].Value = asset.Asset;
            p[2].Value = SqliteValues.ToText(asset.Status);
            p[3].Value = asset.Attempts;
            p[4].Value = asset.StartedAt is { } started ? SqliteValues.ToText(started) : DBNull.Value;
            p[5].Value = asset.EndedAt is { } ended ? SqliteValues.ToText(ended) : DBNull.Value;
            p[6].Value = SqliteValues.OrNull(asset.Rows);
            p[7].Value = SqliteValues.OrNull(asset.Error);
            p[8].Value = SqliteValues.OrNull(asset.Detail);
            var load = asset.Load;
            p[9].Value = SqliteValues.OrNull(load?.RowsRead);
            p[10].Value = SqliteValues.OrNull(load?.RowsLoaded);
            p[11].Value = SqliteValues.OrNull(load?.RowsQuarantined);
            p[12].Value = SqliteValues.OrNull(load?.BytesRead);
            p[13].Value = SqliteValues.OrNull(load?.Files);
            p[14].Value = SqliteValues.OrNull(load?.WatermarkBefore);
            p[15].Value = SqliteValues.OrNull(load?.WatermarkAfter);
            p[16].Value = SqliteValues.OrNull(load?.DeltaVersion);
            await _upsertAsset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The run was never started in this store.</exception>
    public async Task SaveCheckResultsAsync(string runId, IReadOnlyList<CheckResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return;
        }

        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One transaction for the batch: one commit instead of one per result.
            var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            _insertCheck.Transaction = transaction;
            try
            {
                var p = _insertCheck.Parameters;
                foreach (var result in results)
                {
                    p[0].Value = runId;
                    p[1].Value = result.Asset;
                    p[2].Value = SqliteValues.OrNull(result.Column);
                    p[3].Value = result.Check;
                    p[4].Value = SqliteValues.ToText(result.Severity);
                    p[5].Value = SqliteValues.ToText(result.Status);
                    p[6].Value = result.FailingRows;
                    p[7].Value = SqliteValues.OrNull(result.Message);
                    p[8].Value = result.Duration.TotalMilliseconds;
                    p[9].Value = SqliteValues.OrNull(result.RowsChecked);
                    p[10].Value = SqliteValues.OrNull(CheckSampleJson.Write(result.Sample));
                    await _insertCheck.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _insertCheck.Transaction = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No run has that id.</exception>
    public async Task CompleteRunAsync(string runId, RunStatus status, DateTimeOffset endedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        int changed;
        try
        {
            var p = _completeRun.Parameters;
            p[0].Value = runId;
            p[1].Value = SqliteValues.ToText(status);
            p[2].Value = SqliteValues.ToText(endedAt);
            changed = await _completeRun.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        if (changed == 0)
        {
            throw new InvalidOperationException($"There is no run '{runId}' to complete.");
        }
    }

    /// <inheritdoc />
    /// <remarks>Ordered by start time, newest first; runs started at the same instant newest-inserted first.</remarks>
    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(
            () => RowsAsync($"SELECT {RunColumns} FROM runs ORDER BY started_at DESC, seq DESC LIMIT $limit;", reader => ReadRun(reader, []),
                cancellationToken, ("$limit", limit)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Assets are ordered by start time (never-started ones last), then by name.</remarks>
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return await ReadAsync(
            async () =>
            {
                var assets = await RowsAsync(
                    """
                    SELECT asset, status, attempts, started_at, ended_at, row_count, error, detail,
                        rows_read, rows_loaded, rows_quarantined, bytes_read, files, watermark_before, watermark_after, delta_version
                    FROM run_assets WHERE run_id = $run_id
                    ORDER BY started_at IS NULL, started_at, asset COLLATE NOCASE;
                    """,
                    reader => new AssetRunRecord
                    {
                        Asset = reader.GetString(0),
                        Status = SqliteValues.ToAssetStatus(reader.GetString(1)),
                        Attempts = reader.GetInt32(2),
                        StartedAt = ReadTime(reader, 3),
                        EndedAt = ReadTime(reader, 4),
                        Rows = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                        Error = reader.IsDBNull(6) ? null : reader.GetString(6),
                        Detail = reader.IsDBNull(7) ? null : reader.GetString(7),
                        Load = ReadLoad(reader, 8),
                    },
                    cancellationToken,
                    ("$run_id", runId)).ConfigureAwait(false);
                var runs = await RowsAsync($"SELECT {RunColumns} FROM runs WHERE run_id = $run_id;", reader => ReadRun(reader, assets),
                    cancellationToken, ("$run_id", runId)).ConfigureAwait(false);
                return runs.Count > 0 ? runs[0] : null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CheckResult>> GetCheckResultsAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return await ReadAsync(
            () => RowsAsync(
                """
                SELECT asset, column_name, check_type, severity, status, failing_rows, message, duration_ms, rows_checked, sample
                FROM check_results WHERE run_id = $run_id ORDER BY seq;
                """,
                reader => new CheckResult
                {
                    Asset = reader.GetString(0),
                    Column = reader.IsDBNull(1) ? null : reader.GetString(1),
                    Check = reader.GetString(2),
                    Severity = SqliteValues.ToCheckSeverity(reader.GetString(3)),
                    Status = SqliteValues.ToCheckStatus(reader.GetString(4)),
                    FailingRows = reader.GetInt64(5),
                    Message = reader.IsDBNull(6) ? null : reader.GetString(6),
                    Duration = TimeSpan.FromMilliseconds(reader.GetDouble(7)),
                    RowsChecked = reader.IsDBNull(8) ? null : reader.GetInt64(8),
                    Sample = reader.IsDBNull(9) ? null : CheckSampleJson.Read(reader.GetString(9)),
                },
                cancellationToken,
                ("$run_id", runId)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs of <c>weir test</c> build nothing, so they are not loads and are left out. An asset still <c>running</c> in a
    /// run still in progress counts from its start: checks run only after a successful build, so while <c>weir run</c>
    /// checks an asset, the build it just finished is its last load.
    /// </remarks>
    public async Task<DateTimeOffset?> GetLastSuccessAsync(string asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var last = await ReadAsync(
            () => RowsAsync(
                """
                SELECT max(at) FROM (
                    SELECT a.ended_at AS at FROM run_assets AS a JOIN runs AS r ON r.run_id = a.run_id
                    WHERE a.asset = $asset AND a.status = $status AND r.command <> 'test'
                    UNION ALL
                    SELECT a.started_at FROM run_assets AS a JOIN runs AS r ON r.run_id = a.run_id
                    WHERE a.asset = $asset AND a.status = $running AND r.status = $running AND r.command <> 'test'
                );
                """,
                reader => ReadTime(reader, 0),
                cancellationToken,
                ("$asset", asset),
                ("$status", SqliteValues.ToText(AssetStatus.Succeeded)),
                ("$running", SqliteValues.ToText(AssetStatus.Running))),
            cancellationToken).ConfigureAwait(false);
        return last[0];
    }

    /// <summary>Closes the database file; calls in progress finish first.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await DisposeCommandsAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the database file; calls in progress finish first.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _insertRun.Dispose();
            _upsertAsset.Dispose();
            _insertCheck.Dispose();
            _completeRun.Dispose();
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask DisposeCommandsAsync()
    {
        await _insertRun.DisposeAsync().ConfigureAwait(false);
        await _upsertAsset.DisposeAsync().ConfigureAwait(false);
        await _insertCheck.DisposeAsync().ConfigureAwait(false);
        await _completeRun.DisposeAsync().ConfigureAwait(false);
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_disposed)
        {
            _gate.Release();
            throw new ObjectDisposedException(nameof(SqliteRunStore));
        }
    }

    /// <summary>Runs <paramref name="read"/> under the store's gate (one statement at a time on the connection).</summary>
    private async Task<T> ReadAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await read().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The rows of <paramref name="sql"/> with <paramref name="parameters"/> (name, value pairs), each turned into a
    /// <typeparamref name="T"/> by <paramref name="map"/>; the caller holds the gate.
    /// </summary>
    private async Task<List<T>> RowsAsync<T>(
        string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }
        }

        return rows;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private static RunRecord ReadRun(SqliteDataReader reader, IReadOnlyList<AssetRunRecord> assets) => new()
    {
        RunId = reader.GetString(0),
        Command = reader.GetString(1),
        Selector = reader.IsDBNull(2) ? null : reader.GetString(2),
        ResumedFrom = reader.IsDBNull(3) ? null : reader.GetString(3),
        StartedAt = SqliteValues.ToDateTimeOffset(reader.GetString(4)),
        EndedAt = ReadTime(reader, 5),
        Status = SqliteValues.ToRunStatus(reader.GetString(6)),
        Assets = assets,
    };

    /// <summary>The load metrics in the 8 columns from <paramref name="first"/>; none when rows_read is NULL (not a load).</summary>
    private static Execution.LoadMetrics? ReadLoad(SqliteDataReader reader, int first) => reader.IsDBNull(first) ? null : new()
    {
        RowsRead = reader.GetInt64(first),
        RowsLoaded = reader.IsDBNull(first + 1) ? 0 : reader.GetInt64(first + 1),
        RowsQuarantined = reader.IsDBNull(first + 2) ? 0 : reader.GetInt64(first + 2),
        BytesRead = reader.IsDBNull(first + 3) ? null : reader.GetInt64(first + 3),
        Files = reader.IsDBNull(first + 4) ? null : reader.GetInt32(first + 4),
        WatermarkBefore = reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5),
        WatermarkAfter = reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
        DeltaVersion = reader.IsDBNull(first + 7) ? null : reader.GetInt64(first + 7),
    };

    private static DateTimeOffset? ReadTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqliteValues.ToDateTimeOffset(reader.GetString(ordinal));
}
