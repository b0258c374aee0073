using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Weir.DuckDb.Ingest;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Execution;
using Weir.Project;

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

        var staging = "__weir_ingest_" + Guid.NewGuid().ToString("N");
        var connection = ((DuckDbSession)session).Connection;
        try
        {
            DatabaseReadResult read;
            try
            {
                read = await DatabaseSourceReader.ReadAsync(connection, staging, source, _projectRoot, from, cancellationToken).ConfigureAwait(false);
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

            var after = Watermark.Max(before, read.MaxCursor);
            if (incremental && read.Rows == 0 && await _lake.TryOpenAsync(source, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                var current = await existing.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
                await _lake.PublishAsync(session, source, current, cancellationToken).ConfigureAwait(false);
                var rows = LakeTables.RowCount(current);
                return new BuildResult(rows, $"read 0 rows from {Kind(source)}; watermark {Show(before)} unchanged");
            }

            var mode = incremental ? LakeWriteMode.Merge
                : source.WriteMode == SourceWriteMode.Append ? LakeWriteMode.Append
                : LakeWriteMode.Overwrite;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Watermark.LoadParameter] = load.ToString(CultureInfo.InvariantCulture),
            };
            if (incremental && after is not null)
            {
                foreach (var (name, value) in after.ToParameters())
                {
                    parameters[name] = value;
                }
            }

            var policy = mode == LakeWriteMode.Overwrite ? SchemaChangePolicy.Overwrite : SchemaChangePolicy.Evolve;
            LakeWriteResult written;
            try
            {
                written = await WriteLakeAsync(
                    session, target, source, StagingSelect(source, staging), mode, policy, [.. source.Columns.Select(c => c.Name)], cancellationToken,
                    incremental ? source.PrimaryKey : null, load, parameters,
                    // The staging table holds still until it is dropped: the merge reads it in place.
                    MergeSourceTraits.Repeatable | (read.UniqueKeys ? MergeSourceTraits.UniqueKeys : MergeSourceTraits.None)).ConfigureAwait(false);
            }
            catch (AssetBuildException exception) when (exception.InnerException is DuckDBException { ErrorType: DuckDBErrorType.Conversion })
            {
                // DuckDB's message quotes the value; say which declared columns and how many rows instead.
                var casts = source.Columns
                    .Where(c => !string.IsNullOrWhiteSpace(c.Type))
                    .Select(c => (Column: c.Name, Type: c.Type!.Trim()))
                    .ToList();
                throw await ExplainCastFailureAsync(session, target, "temp.main." + SqlText.Identifier(staging), casts, exception, cancellationToken)
                    .ConfigureAwait(false);
            }

            var verb = mode switch { LakeWriteMode.Merge => "merged", LakeWriteMode.Append => "appended", _ => "loaded" };
            var action = string.Create(
                CultureInfo.InvariantCulture,
                $"{verb} {Count(written.RowsWritten, "row")} of {Count(read.Rows, "row")} read from {Kind(source)} (Delta version {written.Version})");
            if (incremental)
            {
                action += $"; watermark {Show(before)} → {Show(after)}";
            }

            if (written.SchemaChange is { } change)
            {
                action += $"; schema: {change}";
            }

            return new BuildResult(written.Rows, action);
        }
        finally
        {
            // Not cancellable: the staging table must go even when the build was canceled.
            await session.ExecuteAsync($"DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(staging)}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The staging table's rows, declared column types cast.</summary>
    private string StagingSelect(SourceSpec source, string staging)
    {
        var casts = source.Columns
            .Where(c => !string.IsNullOrWhiteSpace(c.Type))
            .Select(c => $"CAST({Quote(c.Name)} AS {c.Type!.Trim()}) AS {Quote(c.Name)}")
            .ToList();
        var table = "temp.main." + SqlText.Identifier(staging);
        return casts.Count == 0 ? $"SELECT * FROM {table}" : $"SELECT * REPLACE ({string.Join(", ", casts)}) FROM {table}";
    }

    private static string Kind(SourceSpec source) => source.Format == SourceFormat.Postgres ? "PostgreSQL" : "SQLite";

    private static string Show(Watermark? watermark) => watermark?.ToString() ?? "none";
}
