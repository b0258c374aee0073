using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Execution;
using Weir.Lake;
using Weir.Lake.Log;
using Weir.Lake.Transactions;
using Weir.Project;
using Weir.Runs;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    /// <summary>The commit parameter that lists the files a load read, as JSON of <c>{path, size, mtime}</c>.</summary>
    internal const string FilesParameter = "weir.files";

    private const string LoadTable = "__weir_load";
    private const string BadTable = "__weir_bad";
    private const string RejectsTable = "__weir_rejects";
    private const string RejectScansTable = "__weir_reject_scans";
    private const string RawTable = "__weir_raw";
    private const string FileColumn = "__weir_file";
    private const string LineColumn = "__weir_line";

    /// <summary>The name of the table that holds a source's quarantined rows.</summary>
    internal static string QuarantineName(string source) => source + "__quarantine";

    /// <summary>
    /// Loads a file source: all its files (full refresh), or with <c>incremental: true</c> in a lake only the files
    /// not loaded before, appended. CSV lines DuckDB cannot read (wrong column count, a value not of its declared
    /// type) go to <c>&lt;source&gt;__quarantine</c>; the load fails, committing nothing, when they exceed
    /// <c>max_bad_rows</c>. The files read are recorded in the same commit as the rows (<see cref="FilesParameter"/>).
    /// </summary>
    private async Task<BuildResult> BuildFileSourceAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, string path, CancellationToken cancellationToken)
    {
        var local = !path.Contains("://", StringComparison.Ordinal);
        var incremental = source.Incremental && _lake is not null && local;
        var matching = local ? await ListFilesAsync(session, target, path, cancellationToken).ConfigureAwait(false) : [];
        var fresh = matching;
        DeltaTable? table = null;
        if (incremental)
        {
            table = await _lake!.TryOpenAsync(source, cancellationToken).ConfigureAwait(false);
            if (table is not null && await ReadIngestedFilesAsync(target, source, cancellationToken).ConfigureAwait(false) is { } known)
            {
                fresh = [.. matching.Where(f => !known.Contains(f))];
            }
            else
            {
                // Which files the table holds is unknown (written before files were recorded, or its history cleaned
                // up): reload them all rather than append rows twice.
                table = null;
            }

            if (fresh.Count == 0 && table is not null)
            {
                return await NoNewFilesAsync(session, target, source, table, matching.Count, cancellationToken).ConfigureAwait(false);
            }
        }

        var casts = DeclaredTypes(source);
        var rejects = source.Format == SourceFormat.Csv && local ? new CsvRejects(RejectsTable, RejectScansTable, casts) : null;
        var castQuarantine = source.Format is SourceFormat.Json or SourceFormat.Ndjson && casts.Count > 0;
        var fileColumn = castQuarantine || QuarantineChecks(source).Count > 0 ? FileColumn : null;
        long files;
        string? reader;
        string? error;
        if (incremental || rejects is not null)
        {
            files = fresh.Count;
            reader = null;
            error = null;
            if (files > 0)
            {
                (reader, error) = await ReaderOverFilesAsync(
                    session, source, [.. fresh.Select(f => Path.GetFullPath(Path.Combine(_projectRoot, f.Path)))], rejects, fileColumn, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        else
        {
            // A URL or a format without line rejects: DuckDB expands the glob.
            reader = FileReaderSql.TryWrite(_engine, source.Format, path, source.Options, out error, fileColumn);
            files = reader is null ? 0
                : await ScalarInt64Async(session, target, $"SELECT count(*) FROM glob({_engine.QuoteLiteral(path)})", cancellationToken)
                    .ConfigureAwait(false);
        }

        if (error is not null)
        {
            throw target.Fail(error);
        }

        if (files == 0 || reader is null)
        {
            throw target.Fail($"no file matches {source.Path}");
        }

        try
        {
            var noun = incremental ? "new file" : "file";
            return await LoadFilesAsync(session, target, source, reader, rejects, casts, incremental && table is not null, matching, fresh, Count(files, noun), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await DropScratchTablesAsync(session, target.Name).ConfigureAwait(false);
        }
    }

    private async Task<BuildResult> LoadFilesAsync(
        ISqlSession session,
        BuildTarget target,
        SourceSpec source,
        string reader,
        CsvRejects? rejects,
        List<(string Column, string Type)> casts,
        bool append,
        List<IngestedFile> matching,
        List<IngestedFile> fresh,
        string files,
        CancellationToken cancellationToken)
    {
        if (rejects is not null)
        {
            // The rejects tables keep the lines of the session's earlier scans (DuckDB appends to them): start empty.
            await ExecuteAsync(session, target, $"DROP TABLE IF EXISTS {RejectsTable}; DROP TABLE IF EXISTS {RejectScansTable}", cancellationToken)
                .ConfigureAwait(false);
        }

        // Declared CSV types are applied by the reader itself (a value that does not convert rejects its line), so only
        // JSON casts and quarantine checks need the rows in a table before the write.
        if (_lake is not null && (casts.Count == 0 || rejects is not null) && QuarantineChecks(source).Count == 0)
        {
            return await LoadFilesDirectAsync(session, target, source, reader, rejects, casts, append, matching, fresh, files, cancellationToken)
                .ConfigureAwait(false);
        }

        long bad;
        if (source.Format is SourceFormat.Json or SourceFormat.Ndjson && casts.Count > 0)
        {
            bad = await ReadWithCastQuarantineAsync(session, target, source, reader, casts, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ReadIntoTempAsync(session, target, source, reader, casts, cancellationToken).ConfigureAwait(false);
            bad = rejects is null ? 0 : await CollectRejectsAsync(session, target, cancellationToken).ConfigureAwait(false);
        }

        var hasChecks = QuarantineChecks(source).Count > 0;
        var lines = hasChecks && source.Format is SourceFormat.Json or SourceFormat.Ndjson && casts.Count > 0;
        bad += await MoveRowsFailingChecksAsync(
                session, target, source, LoadTable, [], hasChecks ? FileColumn : null, lines ? LineColumn : null, cancellationToken)
            .ConfigureAwait(false);

        var loaded = await ScalarInt64Async(session, target, $"SELECT count(*) FROM {LoadTable}", cancellationToken).ConfigureAwait(false);
        var read = loaded + bad;
        if (source.MaxBadRows is { } limit && limit.IsExceeded(bad, read))
        {
            throw target.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{Count(bad, "row")} of {Count(read, "row")} read could not be loaded, over max_bad_rows ({limit}); nothing was loaded"));
        }

        var quarantine = QuarantineSpec(source);
        long rows;
        LoadMetrics? load = null;
        IReadOnlyList<SchemaChange> changes = [];
        if (_lake is not null)
        {
            // Before the quarantine is written: a schema change the policy refuses commits nothing.
            var plan = await PlanSourceSchemaAsync(session, target, source, $"SELECT * FROM {LoadTable}", source.Path, cancellationToken)
                .ConfigureAwait(false);
            var next = plan.Table?.Snapshot is { } current ? current.Version + 1 : 0;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            AddLoadCounts(parameters, read, loaded, bad);
            if (matching.Count > 0)
            {
                parameters[FilesParameter] = IngestedFile.ToJson(append ? fresh : matching);
            }

            (var written, changes) = await WriteSourceLakeAsync(session, target, source, plan,
                    append ? LakeWriteMode.Append : LakeWriteMode.Overwrite, cancellationToken, operationParameters: parameters,
                    beforeCommit: QuarantineBeforeCommit(session, target, source, BadTable, bad, append, next))
                .ConfigureAwait(false);
            rows = written.Rows;
            load = FileLoadMetrics(loaded, bad, append ? fresh : matching, matching.Count > 0, written.Version);
        }
        else
        {
            await InTransactionAsync(
                session,
                target,
                async () =>
                {
                    await CreateOrReplaceAsync(session, target, Table, $"SELECT * FROM {LoadTable}", cancellationToken).ConfigureAwait(false);
                    var name = Qualified(quarantine.Name);
                    await ExecuteAsync(session, target, bad > 0
                        ? $"CREATE OR REPLACE TABLE {name} AS {QuarantineSelect}"
                        : $"DROP TABLE IF EXISTS {name}", cancellationToken).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            rows = loaded;
        }

        return new BuildResult(rows, FilesAction(loaded, bad, files, quarantine) + SchemaAction(changes))
        {
            Load = load ?? new LoadMetrics { RowsRead = loaded + bad, RowsLoaded = loaded, RowsQuarantined = bad },
            SchemaChanges = changes,
        };
    }

    /// <summary>
    /// Loads the files straight into the lake: DuckDB's one COPY reads them and writes the data files (no temporary
    /// table in between), then, before the commit, the CSV lines DuckDB rejected during that scan are counted against
    /// <c>max_bad_rows</c> and quarantined; over the limit the written files are deleted and nothing is committed. For
    /// sources whose rows need nothing between the read and the write (no quarantine checks, and declared types only on
    /// CSV files, which the reader types itself: the columns then only take their declared spelling).
    /// </summary>
    private async Task<BuildResult> LoadFilesDirectAsync(
        ISqlSession session,
        BuildTarget target,
        SourceSpec source,
        string reader,
        CsvRejects? rejects,
        List<(string Column, string Type)> casts,
        bool append,
        List<IngestedFile> matching,
        List<IngestedFile> fresh,
        string files,
        CancellationToken cancellationToken)
    {
        var quarantine = QuarantineSpec(source);
        var select = $"SELECT * FROM {reader}";
        if (casts.Count > 0)
        {
            ThrowIfDeclaredColumnMissing(target, source, await DescribeAsync(session, target, select, cancellationToken).ConfigureAwait(false), source.Path);
            select = $"SELECT {CastProjection(casts)} FROM {reader}";
        }

        var plan = await PlanSourceSchemaAsync(session, target, source, select, source.Path, cancellationToken)
            .ConfigureAwait(false);
        // The version this load commits, from the snapshot the plan read.
        var next = plan.Table?.Snapshot is { } current ? current.Version + 1 : 0;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (matching.Count > 0)
        {
            parameters[FilesParameter] = IngestedFile.ToJson(append ? fresh : matching);
        }

        long loaded = 0;
        long bad = 0;
        var (written, changes) = await WriteSourceLakeAsync(
            session, target, source, plan, append ? LakeWriteMode.Append : LakeWriteMode.Overwrite, cancellationToken, operationParameters: parameters,
            beforeCommit: async (result, token) =>
            {
                loaded = result.OutputRows;
                bad = rejects is null ? 0 : await CollectRejectsAsync(session, target, token).ConfigureAwait(false);
                var read = loaded + bad;
                if (source.MaxBadRows is { } limit && limit.IsExceeded(bad, read))
                {
                    throw target.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"{Count(bad, "row")} of {Count(read, "row")} read could not be loaded, over max_bad_rows ({limit}); nothing was loaded"));
                }

                await CommitQuarantineAsync(session, target, source, BadTable, bad, append, token, next).ConfigureAwait(false);
                var counts = new Dictionary<string, string>(StringComparer.Ordinal);
                AddLoadCounts(counts, read, loaded, bad);
                return counts;
            }).ConfigureAwait(false);
        return new BuildResult(written.Rows, FilesAction(loaded, bad, files, quarantine) + SchemaAction(changes))
        {
            Load = FileLoadMetrics(loaded, bad, append ? fresh : matching, matching.Count > 0, written.Version),
            SchemaChanges = changes,
        };
    }

    /// <summary>A file load's action text: <c>loaded 990 rows from 1 file; quarantined 10 rows (see …)</c>.</summary>
    private static string FilesAction(long loaded, long bad, string files, SourceSpec quarantine)
    {
        var action = $"loaded {Count(loaded, "row")} from {files}";
        return bad > 0 ? $"{action}; quarantined {Count(bad, "row")} (see {quarantine.Name})" : action;
    }

    /// <summary>A file load's metrics; bytes and files only when the files were listed (local paths).</summary>
    private static LoadMetrics FileLoadMetrics(long loaded, long bad, List<IngestedFile> read, bool listed, long version) => new()
    {
        RowsRead = loaded + bad,
        RowsLoaded = loaded,
        RowsQuarantined = bad,
        BytesRead = listed ? read.Sum(f => f.Size) : null,
        Files = listed ? read.Count : null,
        DeltaVersion = version,
    };

    /// <summary>Reads the files once into a temporary table, declared types cast, declared columns required.</summary>
    private async Task ReadIntoTempAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, string reader, List<(string Column, string Type)> casts,
        CancellationToken cancellationToken)
    {
        var select = $"SELECT {CastProjection(casts)} FROM {reader}";
        try
        {
            await ExecuteAsync(session, target, $"CREATE OR REPLACE TEMP TABLE {LoadTable} AS {select}", cancellationToken).ConfigureAwait(false);
        }
        catch (AssetBuildException exception)
            when (exception.InnerException is DuckDBException { ErrorType: not DuckDBErrorType.Conversion } && casts.Count > 0)
        {
            IReadOnlyList<(string Name, string Type)> columns = [];
            try
            {
                columns = await DescribeAsync(session, target, $"SELECT * FROM {reader}", cancellationToken).ConfigureAwait(false);
            }
            catch (AssetBuildException)
            {
                // The files themselves cannot be read: the original error says why.
            }

            if (columns.Count > 0)
            {
                ThrowIfDeclaredColumnMissing(target, source, columns, source.Path);
            }

            throw;
        }
        catch (AssetBuildException exception)
            when (casts.Count > 0 && exception.InnerException is DuckDBException { ErrorType: DuckDBErrorType.Conversion })
        {
            throw await ExplainCastFailureAsync(session, target, reader, casts, exception, cancellationToken).ConfigureAwait(false);
        }

        if (source.Columns.Count > 0 && _lake is null)
        {
            // In the lake, the write checks the declared columns against what it wrote.
            var loaded = await DescribeAsync(session, target, $"SELECT * FROM {LoadTable}", cancellationToken).ConfigureAwait(false);
            ThrowIfDeclaredColumnMissing(target, source, loaded, source.Path);
        }
    }

    /// <summary>
    /// JSON: reads the rows with the file of each, then sends those whose non-null value in a typed column does not
    /// convert to <see cref="BadTable"/> (reason: <c>column "amount": "abc" is not INTEGER</c>, the value as JSON; line = the row's position in its file, 1-based: the line of an ndjson file
    /// without blank lines, the element of a JSON array) and the others, cast, to <see cref="LoadTable"/>. Returns how
    /// many rows are bad.
    /// </summary>
    /// <remarks>The position is the rowid order of the scratch table, which keeps the files' order (DuckDB preserves insertion order).</remarks>
    private async Task<long> ReadWithCastQuarantineAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, string reader, List<(string Column, string Type)> casts,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(session, target, $"CREATE OR REPLACE TEMP TABLE {RawTable} AS SELECT * FROM {reader}", cancellationToken).ConfigureAwait(false);
        var columns = (await DescribeAsync(session, target, $"SELECT * FROM {RawTable}", cancellationToken).ConfigureAwait(false))
            .Where(c => c.Name != FileColumn)
            .ToList();
        var missing = casts.FirstOrDefault(d => !columns.Any(c => string.Equals(c.Name, d.Column, StringComparison.OrdinalIgnoreCase)));
        if (missing.Column is not null)
        {
            throw target.Fail(
                $"declared column \"{missing.Column}\" is not in the data read from {source.Path}; " +
                $"its columns are {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}");
        }

        var failures = casts.Select(c =>
            (Condition: $"({Quote(c.Column)} IS NOT NULL AND TRY_CAST({Quote(c.Column)} AS {c.Type}) IS NULL)",
             Reason: $"CASE WHEN {Quote(c.Column)} IS NOT NULL AND TRY_CAST({Quote(c.Column)} AS {c.Type}) IS NULL THEN " +
                $"{_engine.QuoteLiteral($"column \"{c.Column}\": ")} || CAST(to_json({Quote(c.Column)}) AS VARCHAR) || {_engine.QuoteLiteral($" is not {c.Type}")} END"))
            .ToList();
        var row = "{" + string.Join(", ", columns.Select(c => $"{_engine.QuoteLiteral(c.Name)}: {Quote(c.Name)}")) + "}";
        var rows = "__weir_rows";
        await ExecuteAsync(session, target,
            $"CREATE OR REPLACE TEMP TABLE {rows} AS SELECT *, row_number() OVER (PARTITION BY {FileColumn} ORDER BY rowid) AS __weir_line, " +
            $"({string.Join(" OR ", failures.Select(f => f.Condition))}) AS __weir_bad FROM {RawTable}",
            cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(session, target,
            $"CREATE OR REPLACE TEMP TABLE {BadTable} AS SELECT {RelativeFile(FileColumn)} AS file, __weir_line AS line, " +
            $"CAST(to_json({row}) AS VARCHAR) AS raw, concat_ws('; ', {string.Join(", ", failures.Select(f => f.Reason))}) AS reason " +
            $"FROM {rows} WHERE __weir_bad",
            cancellationToken).ConfigureAwait(false);
        var replacements = casts.Select(c => $"CAST({Quote(c.Column)} AS {c.Type}) AS {Quote(c.Column)}");
        var keep = QuarantineChecks(source).Count > 0 ? string.Empty : $"{FileColumn}, {LineColumn}, ";
        await ExecuteAsync(session, target,
            // The file and line columns stay for the quarantine checks, which drop them.
            $"CREATE OR REPLACE TEMP TABLE {LoadTable} AS SELECT * EXCLUDE ({keep}__weir_bad) " +
            $"REPLACE ({string.Join(", ", replacements)}) FROM {rows} WHERE NOT __weir_bad ORDER BY {FileColumn}, __weir_line; " +
            $"DROP TABLE {rows}; DROP TABLE {RawTable}",
            cancellationToken).ConfigureAwait(false);
        return await ScalarInt64Async(session, target, $"SELECT count(*) FROM {BadTable}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SQL for the path in <paramref name="column"/>, relative to the project when inside it, with '/'.</summary>
    private string RelativeFile(string column)
    {
        var root = _projectRoot.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return $"CASE WHEN starts_with({column}, {_engine.QuoteLiteral(root)}) " +
            $"THEN replace(substr({column}, {root.Length + 1}), '\\', '/') ELSE {column} END";
    }

    /// <summary>One row per rejected line (a line may have several errors), in <see cref="BadTable"/>; returns how many.</summary>
    private async Task<long> CollectRejectsAsync(ISqlSession session, BuildTarget target, CancellationToken cancellationToken)
    {
        var file = RelativeFile("s.file_path");
        await ExecuteAsync(session, target,
            $"CREATE OR REPLACE TEMP TABLE {BadTable} AS SELECT {file} AS file, e.line AS line, first(e.csv_line ORDER BY e.column_idx) AS raw, " +
            // A line with the wrong column count also fails to convert the shifted values: the count is the reason then.
            "coalesce(string_agg(e.error_message, '; ' ORDER BY e.column_idx) FILTER (WHERE e.error_type <> 'CAST'), " +
            "string_agg(e.error_message, '; ' ORDER BY e.column_idx)) AS reason " +
            $"FROM {RejectsTable} e JOIN {RejectScansTable} s ON s.scan_id = e.scan_id AND s.file_id = e.file_id " +
            "GROUP BY ALL",
            cancellationToken).ConfigureAwait(false);
        return await ScalarInt64Async(session, target, $"SELECT count(*) FROM {BadTable}", cancellationToken).ConfigureAwait(false);
    }

    private static string QuarantineSelect => QuarantineSelectFrom(BadTable);

    /// <summary>The quarantine table's rows from a scratch table of the quarantine layout (file, line, raw, reason).</summary>
    private static string QuarantineSelectFrom(string table) =>
        $"SELECT file, CAST(line AS BIGINT) AS line, raw, reason, current_timestamp AS loaded_at FROM {table} ORDER BY file, line";

    private async Task WriteQuarantineLakeAsync(
        ISqlSession session, BuildTarget target, SourceSpec quarantine, bool append, long load, CancellationToken cancellationToken,
        string? badTable = null)
    {
        try
        {
            var select = badTable is null ? QuarantineSelect : QuarantineSelectFrom(badTable);
            await _lake!.WriteAsync(session, quarantine, select, append ? LakeWriteMode.Append : LakeWriteMode.Overwrite,
                keys: null, SchemaChangePolicy.Overwrite, appVersion: load, requiredColumns: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }
        catch (WeirException ex)
        {
            throw target.Fail(ex.Message, ex);
        }
    }

    /// <summary>
    /// The files the table holds, from its history: the <see cref="FilesParameter"/> of every commit back to the last
    /// overwrite (which reloaded all files). History rather than a manifest file: the list commits atomically with the
    /// rows, and a commit file is small; the cost is one read per commit since the last full load. Returns
    /// <see langword="null"/> when the set is unknown: the last overwrite recorded no files, or is no longer in the log.
    /// </summary>
    private async Task<HashSet<IngestedFile>?> ReadIngestedFilesAsync(BuildTarget target, SourceSpec source, CancellationToken cancellationToken)
    {
        var known = new HashSet<IngestedFile>();
        IReadOnlyList<CommitEntry> history;
        try
        {
            history = await new DeltaLog(_lake!.Store, LakeTables.TablePath(source), checkpointFormat: DuckDbCheckpointFormat.Shared).GetHistoryAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (WeirException ex)
        {
            throw target.Fail(ex.Message, ex);
        }

        foreach (var entry in history)
        {
            var recorded = entry.OperationParameters.TryGetValue(FilesParameter, out var json);
            if (recorded)
            {
                known.UnionWith(IngestedFile.ParseJson(json!));
            }

            if (entry.OperationParameters.TryGetValue("mode", out var mode) && mode == nameof(LakeWriteMode.Overwrite))
            {
                return recorded ? known : null;
            }
        }

        return null;
    }

    private async Task<BuildResult> NoNewFilesAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, DeltaTable table, int files, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
            await _lake!.PublishAsync(session, source, snapshot, cancellationToken).ConfigureAwait(false);
            return new BuildResult(LakeTables.RowCount(snapshot), $"no new files ({Count(files, "file")} already loaded)")
            {
                Load = new LoadMetrics { BytesRead = 0, Files = 0, DeltaVersion = snapshot.Version },
            };
        }
        catch (WeirException ex)
        {
            throw target.Fail(ex.Message, ex);
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }
    }

    /// <summary>
    /// The reader over <paramref name="files"/>. With rejects, each CSV file is its own scan and the scans are combined
    /// by column name: DuckDB 1.5 refuses <c>union_by_name</c> with a rejects table, and the scans share the rejects
    /// tables (each file keeps its own <c>file_id</c>). Each scan is pinned to the dialect and columns DuckDB detects in
    /// its file once (declared types included), so the plan's and the write's binds do not sample the file again.
    /// </summary>
    private async Task<(string? Reader, string? Error)> ReaderOverFilesAsync(
        ISqlSession session, SourceSpec source, IReadOnlyList<string> files, CsvRejects? rejects, string? fileColumn, CancellationToken cancellationToken)
    {
        string? error;
        if (rejects is null)
        {
            return (FileReaderSql.TryWrite(_engine, source.Format, files, source.Options, rejects, out error, fileColumn), error);
        }

        var scans = new List<string>();
        foreach (var file in files)
        {
            var scan = FileReaderSql.TryWrite(_engine, source.Format, [file], source.Options, rejects, out error, fileColumn);
            if (scan is null)
            {
                return (null, error);
            }

            if (await PinnedDialectAsync(session, source, file, rejects, cancellationToken).ConfigureAwait(false) is { } pinned)
            {
                scan = FileReaderSql.WritePinned(_engine, file, pinned, fileColumn);
            }

            scans.Add(scan);
        }

        return (scans.Count == 1 ? scans[0] : "(" + string.Join(" UNION ALL BY NAME ", scans.Select(s => "SELECT * FROM " + s)) + ")", null);
    }

    /// <summary>
    /// The <c>read_csv</c> options DuckDB's detection settles on for <paramref name="file"/> (dialect, header, columns and
    /// the source's own options), from one <c>sniff_csv</c>; <see langword="null"/> when DuckDB cannot tell (an empty
    /// file, say): the reader then detects as usual and reports the problem itself.
    /// </summary>
    private async Task<string?> PinnedDialectAsync(
        ISqlSession session, SourceSpec source, string file, CsvRejects rejects, CancellationToken cancellationToken)
    {
        if (FileReaderSql.TrySniff(_engine, file, source.Options, rejects) is not { } sniff)
        {
            return null;
        }

        try
        {
            return await session.ScalarAsync($"SELECT Prompt FROM {sniff}", cancellationToken).ConfigureAwait(false) is string prompt
                ? FileReaderSql.PromptOptions(prompt, file)
                : null;
        }
        catch (DuckDBException)
        {
            return null;
        }
    }

    /// <summary>The files DuckDB's <c>glob</c> matches (as its readers expand the path), with their size and time.</summary>
    private async Task<List<IngestedFile>> ListFilesAsync(ISqlSession session, BuildTarget target, string path, CancellationToken cancellationToken)
    {
        QueryResult result;
        try
        {
            result = await session.QueryAsync($"SELECT file FROM glob({_engine.QuoteLiteral(path)}) ORDER BY file", null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }

        return [.. result.Rows.Select(r => IngestedFile.Of(_projectRoot, Path.GetFullPath((string)r[0]!)))];
    }

    private static List<(string Column, string Type)> DeclaredTypes(AssetSpec spec) =>
        [.. spec.Columns.Where(c => !string.IsNullOrWhiteSpace(c.Type)).Select(c => (c.Name, c.Type!.Trim()))];

    private async Task DropScratchTablesAsync(ISqlSession session, string asset)
    {
        try
        {
            // Not cancellable: the scratch tables must go even when the build was canceled.
            await session.ExecuteAsync(
                $"DROP TABLE IF EXISTS {LoadTable}; DROP TABLE IF EXISTS {BadTable}; DROP TABLE IF EXISTS {RejectsTable}; DROP TABLE IF EXISTS {RejectScansTable}; " +
                $"DROP TABLE IF EXISTS {RawTable}; DROP TABLE IF EXISTS __weir_rows",
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (DuckDBException ex)
        {
            Log.RollbackFailed(_logger, ex, asset);
        }
    }
}
