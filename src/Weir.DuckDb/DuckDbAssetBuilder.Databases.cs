using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Weir.DuckDb.Ingest;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Execution;
using Weir.Project;
using Weir.Runs;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    /// <summary>
    /// A PostgreSQL or SQLite source: its rows are streamed into a staging table, then written to the lake in one commit
    /// (overwritten, appended, or merged on the primary key). An incremental source reads the rows whose cursor is at or
    /// past its watermark less the lookback; the new watermark is recorded in the same commit as the data, so it
    /// advances only when the data is committed, and the load number is the commit's application version (a retried
    /// load commits once).
    /// </summary>
    private async Task<BuildResult> BuildDatabaseSourceAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, CancellationToken cancellationToken)
    {
        if (_lake is null)
        {
            throw target.Fail("a database source is stored in the lake, and this build has none; configure 'lake:' in weir.yaml");
        }

        var incremental = source.Mode == SourceLoadMode.Incremental;
        Watermark? before = null;
        object? from = null;
        long load;
        try
        {
            if (incremental)
            {
                before = Watermark.Parse(await _lake.FindCommitParametersAsync(source, Watermark.ValueParameter, cancellationToken).ConfigureAwait(false));
                from = before?.Less(source.Lookback);
                if (before is not null && from is null)
                {
                    throw target.Fail($"'lookback' needs a timestamp or date cursor, and \"{source.Cursor}\" holds {before.Value.GetType().Name} values");
                }
            }

            load = await _lake.LastAppVersionAsync(source, cancellationToken).ConfigureAwait(false) + 1;
        }
        catch (WeirException ex)
        {
            throw target.Fail(ex.Message, ex);
        }

        var now = LoadTime.GetUtcNow();
        var deletesDue = source.DetectDeletes && await DeletesDueAsync(target, source, now, cancellationToken).ConfigureAwait(false);
        var staging = "__weir_ingest_" + Guid.NewGuid().ToString("N");
        var keys = staging + "_keys";
        var connection = ((DuckDbSession)session).Connection;
        // Rows that nothing changes before the write (no declared types to cast, no quarantine checks) stay in the chunks
        // the reader wrote (each key range its own, sharing the budget), scanned in place through a view; otherwise they
        // go into a staging table.
        var staged = new List<StagedChunks>();
        var budget = StagedChunks.DefaultBudget / Math.Max(1, source.Parallelism);
        Func<IReadOnlyList<string>, StagedChunks>? keep = DatabaseSourceReader.HasDeclaredTypes(source) || QuarantineChecks(source).Count > 0
            ? null
            : names =>
            {
                var chunks = StagedChunks.Create(connection, names, budget);
                lock (staged)
                {
                    staged.Add(chunks);
                }

                return chunks;
            };
        try
        {
            var read = await ReadDatabaseAsync(connection, target, source, staging, from, keep, cancellationToken).ConfigureAwait(false);
            var stagingTable = "temp.main." + SqlText.Identifier(staging);
            var badTable = "temp.main." + SqlText.Identifier(DatabaseSourceReader.QuarantineTable(staging));
            var castBad = DatabaseSourceReader.HasDeclaredTypes(source)
                ? await QuarantineCastFailuresAsync(session, target, stagingTable, badTable, DeclaredTypes(source),
                    _engine.QuoteLiteral(DatabaseSourceReader.Origin(source)), Quote(DatabaseSourceReader.RowColumn),
                    [DatabaseSourceReader.RowColumn], join: null, Kind(source), cancellationToken).ConfigureAwait(false)
                : 0;
            var checkBad = await MoveRowsFailingChecksAsync(
                session, target, source, stagingTable, DeclaredTypes(source), fileColumn: null, lineColumn: null, cancellationToken,
                into: badTable, hidden: [DatabaseSourceReader.RowColumn], fileSql: _engine.QuoteLiteral(DatabaseSourceReader.Origin(source)),
                lineSql: DatabaseSourceReader.HasDeclaredTypes(source) ? Quote(DatabaseSourceReader.RowColumn) : null).ConfigureAwait(false);
            var rowsRead = read.Rows + read.BadRows;
            var quarantined = read.BadRows + castBad + checkBad;
            var rowsLoaded = read.Rows - castBad - checkBad;
            ThrowIfTooManyBadRows(target, source, quarantined, rowsRead);

            var after = Watermark.Max(before, read.MaxCursor);
            if (incremental && rowsRead == 0 && !deletesDue && await _lake.TryOpenAsync(source, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                var current = await existing.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
                await _lake.PublishAsync(session, source, current, cancellationToken).ConfigureAwait(false);
                var rows = LakeTables.RowCount(current);
                return new BuildResult(rows, $"read 0 rows from {Kind(source)}; watermark {Show(before)} unchanged")
                {
                    Load = new LoadMetrics
                    {
                        WatermarkBefore = before?.ToString(), WatermarkAfter = before?.ToString(), DeltaVersion = current.Version,
                    },
                };
            }

            var mode = incremental ? LakeWriteMode.Merge
                : source.WriteMode == SourceWriteMode.Append ? LakeWriteMode.Append
                : LakeWriteMode.Overwrite;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Watermark.LoadParameter] = load.ToString(CultureInfo.InvariantCulture),
            };
            AddLoadCounts(parameters, rowsRead, rowsLoaded, quarantined);
            if (incremental && after is not null)
            {
                foreach (var (name, value) in after.ToParameters())
                {
                    parameters[name] = value;
                }
            }

            var select = StagingSelect(source, staging);
            DeleteFlags? flags = null;
            if (source.DetectDeletes)
            {
                select = WithDeleteFlags(select);
                if (deletesDue)
                {
                    parameters[DeletesCheckedParameter] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
                    flags = await FlagDeletesAsync(session, connection, target, source, select, keys, now, cancellationToken).ConfigureAwait(false);
                    if (flags is not null)
                    {
                        select = flags.Select;
                        if (mode == LakeWriteMode.Append && flags.Changed > 0)
                        {
                            // Rows already in the table change: the load rewrites it, old rows flagged, new rows appended.
                            mode = LakeWriteMode.Overwrite;
                        }
                    }
                }
            }

            // The schema is planned before anything is committed: a failing policy leaves no quarantine rows behind either.
            var plan = await PlanSourceSchemaAsync(session, target, source, select, Kind(source), cancellationToken, raw: "SELECT * FROM " + stagingTable)
                .ConfigureAwait(false);

            LakeWriteResult written;
            IReadOnlyList<SchemaChange> changes;
            try
            {
                // The staged rows hold still until they are dropped: a merge reads them in place. Flagged deletes add the lake's
                // own rows to the select, so only a plain load vouches for the source's traits. A database read has no row
                // order to keep either way, so the write may use every thread.
                var traits = MergeSourceTraits.Unordered | (flags is not null ? MergeSourceTraits.None
                    : MergeSourceTraits.Repeatable | (read.UniqueKeys ? MergeSourceTraits.UniqueKeys : MergeSourceTraits.None));
                (written, changes) = await WriteSourceLakeAsync(
                    session, target, source, plan, mode, cancellationToken, mode == LakeWriteMode.Merge ? source.PrimaryKey : null, load, parameters,
                    traits, QuarantineBeforeCommit(session, target, source, badTable, quarantined, append: mode != LakeWriteMode.Overwrite || flags is not null))
                    .ConfigureAwait(false);
            }
            catch (AssetBuildException exception) when (exception.InnerException is DuckDBException { ErrorType: DuckDBErrorType.Conversion })
            {
                // DuckDB's message quotes the value; say which declared columns and how many rows instead.
                throw await ExplainCastFailureAsync(session, target, stagingTable, DeclaredTypes(source), exception, cancellationToken)
                    .ConfigureAwait(false);
            }

            var verb = mode switch
            {
                LakeWriteMode.Merge => "merged",
                LakeWriteMode.Append => "appended",
                _ when source.WriteMode == SourceWriteMode.Append => "appended",
                _ => "loaded",
            };
            var action = string.Create(
                CultureInfo.InvariantCulture,
                $"{verb} {Count(rowsLoaded, "row")} of {Count(rowsRead, "row")} read from {Kind(source)} (Delta version {written.Version})");
            action += Quarantined(source, quarantined);
            if (flags is not null)
            {
                action += string.Create(CultureInfo.InvariantCulture, $"; deletes: {flags.Deleted:N0} flagged, {flags.Restored:N0} restored");
            }

            if (incremental)
            {
                action += $"; watermark {Show(before)} → {Show(after)}";
            }

            return new BuildResult(written.Rows, action + SchemaAction(changes))
            {
                Load = new LoadMetrics
                {
                    RowsRead = rowsRead,
                    RowsLoaded = rowsLoaded,
                    RowsQuarantined = quarantined,
                    WatermarkBefore = incremental ? before?.ToString() : null,
                    WatermarkAfter = incremental ? after?.ToString() : null,
                    DeltaVersion = written.Version,
                },
                SchemaChanges = changes,
            };
        }
        finally
        {
            // Not cancellable: the staging tables must go even when the build was canceled (the view before its chunks).
            try
            {
                await session.ExecuteAsync(
                    (staged.Count > 0 ? $"DROP VIEW IF EXISTS temp.main.{SqlText.Identifier(staging)}; " : $"DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(staging)}; ") +
                    $"DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(DatabaseSourceReader.SpillTable(staging))}; " +
                    $"DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(DatabaseSourceReader.QuarantineTable(staging))}; " +
                    $"DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(keys)}; " +
                    $"DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(DatabaseSourceReader.QuarantineTable(keys))}",
                    CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                staged.ForEach(chunks => chunks.Dispose());
            }
        }
    }

    /// <summary>Reads the source into the staging table (serially, or by key range with <c>parallelism</c>); driver errors become build failures.</summary>
    private async Task<DatabaseReadResult> ReadDatabaseAsync(
        DuckDBConnection connection, BuildTarget target, SourceSpec source, string staging, object? from,
        Func<IReadOnlyList<string>, StagedChunks>? keep, CancellationToken cancellationToken)
    {
        try
        {
            return source.Parallelism > 1 && source.SplitBy is not null && source.Mode == SourceLoadMode.FullRefresh
                ? await ParallelDatabaseReader.ReadAsync(connection, _engine.OpenConnectionAsync, staging, source, _projectRoot, cancellationToken, keep)
                    .ConfigureAwait(false)
                : await DatabaseSourceReader.ReadAsync(connection, staging, source, _projectRoot, from, cancellationToken, keep).ConfigureAwait(false);
        }
        catch (DbException ex) when (ex is not DuckDBException)
        {
            // Driver messages name the server or file, never the password; the connection string is not repeated.
            throw target.Fail($"reading from {Kind(source)} failed: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw target.Fail(ex.Message, ex);
        }
        catch (ArgumentException ex)
        {
            // A malformed connection string: the drivers name the keyword, not the value.
            throw target.Fail($"the {Kind(source)} connection string is not valid: {ex.Message}", ex);
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }
    }

    /// <summary>The staging table's rows, declared column types cast, without the row ordinal a database read adds.</summary>
    private string StagingSelect(SourceSpec source, string staging) => StagingSelect(source, staging, [DatabaseSourceReader.RowColumn]);

    /// <summary>The staging table's rows, declared column types cast, without the <paramref name="hidden"/> columns (present only with declared types).</summary>
    private string StagingSelect(SourceSpec source, string staging, IReadOnlyList<string> hidden)
    {
        var casts = source.Columns
            .Where(c => !string.IsNullOrWhiteSpace(c.Type))
            .Select(c => $"CAST({Quote(c.Name)} AS {c.Type!.Trim()}) AS {Quote(c.Name)}")
            .ToList();
        var table = "temp.main." + SqlText.Identifier(staging);
        var exclude = hidden.Count > 0 && casts.Count > 0 ? $" EXCLUDE ({string.Join(", ", hidden.Select(Quote))})" : string.Empty;
        return casts.Count == 0 ? $"SELECT * FROM {table}" : $"SELECT *{exclude} REPLACE ({string.Join(", ", casts)}) FROM {table}";
    }

    private static string Kind(SourceSpec source) => source.Format == SourceFormat.Postgres ? "PostgreSQL" : "SQLite";

    private static string Show(Watermark? watermark) => watermark?.ToString() ?? "none";
}
