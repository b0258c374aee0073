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
    private static readonly HttpClient s_http = new();

    /// <summary>The first retry delay of HTTP sources (doubled per retry, with jitter) unless a response says Retry-After.</summary>
    internal TimeSpan HttpRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock HTTP sources wait on (rate limit and retry delays).</summary>
    internal TimeProvider HttpTime { get; init; } = TimeProvider.System;

    /// <summary>
    /// An HTTP source: its records are pulled page by page into a newline-delimited JSON file, read by DuckDB into a
    /// staging table, then written over the lake table in one commit. Header values never appear in messages.
    /// </summary>
    private async Task<BuildResult> BuildHttpSourceAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, HttpSourceSettings http, CancellationToken cancellationToken)
    {
        if (_lake is null)
        {
            throw target.Fail("an http source is stored in the lake, and this build has none; configure 'lake:' in weir.yaml");
        }

        var file = Path.Combine(Path.GetTempPath(), "weir-http-" + Guid.NewGuid().ToString("N") + ".ndjson");
        var staging = "__weir_ingest_" + Guid.NewGuid().ToString("N");
        var badName = staging + "_bad";
        var casts = DeclaredTypes(source);
        try
        {
            HttpReadResult read;
            var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                try
                {
                    var reader = new HttpSourceReader(s_http, HttpTime, HttpRetryDelay) { WritePositions = casts.Count > 0 };
                    read = await reader.ReadAsync(http, output, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpSourceException ex)
                {
                    throw target.Fail(ex.Message, ex);
                }
            }

            var pages = string.Create(CultureInfo.InvariantCulture, $"{Count(read.Pages, "page")} ({read.Retries} {(read.Retries == 1 ? "retry" : "retries")})");
            var refused = read.BadRecords ?? [];
            var origin = HttpSourceReader.Show(http.Url);
            var badTable = "temp.main." + SqlText.Identifier(badName);
            using (var quarantine = await QuarantineAppender.CreateAsync(((DuckDbSession)session).Connection, badName, cancellationToken).ConfigureAwait(false))
            {
                foreach (var record in refused)
                {
                    quarantine.Add(string.Create(CultureInfo.InvariantCulture, $"{origin} page {record.Page}"), record.Index, record.Raw, record.Reason);
                }
            }

            if (read.Records == 0)
            {
                ThrowIfTooManyBadRows(target, source, refused.Count, refused.Count);
                if (await _lake.TryOpenAsync(source, cancellationToken).ConfigureAwait(false) is not { } existing)
                {
                    throw target.Fail($"read 0 records from {pages}; a first load needs records to learn the table's columns");
                }

                await CommitQuarantineAsync(session, target, source, badTable, refused.Count, append: false, cancellationToken).ConfigureAwait(false);
                var current = await existing.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
                await _lake.PublishAsync(session, source, current, cancellationToken).ConfigureAwait(false);
                return new BuildResult(LakeTables.RowCount(current), $"read 0 rows from {pages}; table unchanged{Quarantined(source, refused.Count)}")
                {
                    Load = new LoadMetrics
                    {
                        RowsRead = refused.Count, RowsQuarantined = refused.Count, BytesRead = read.BytesRead, DeltaVersion = current.Version,
                    },
                };
            }

            var stagingTable = "temp.main." + SqlText.Identifier(staging);
            var json = $"read_json({_engine.QuoteLiteral(file)}, format = 'newline_delimited', union_by_name = true)";
            try
            {
                await session.ExecuteAsync($"CREATE TEMP TABLE {SqlText.Identifier(staging)} AS SELECT * FROM {json}", cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (DuckDBException ex)
            {
                throw target.Fail(ex, modelFromLine2: false);
            }

            string[] positions = casts.Count > 0 ? [HttpSourceReader.PageField, HttpSourceReader.IndexField] : [];
            var castBad = await QuarantineCastFailuresAsync(session, target, stagingTable, badTable, casts,
                $"{_engine.QuoteLiteral(origin + " page ")} || {Quote(HttpSourceReader.PageField)}", Quote(HttpSourceReader.IndexField),
                positions, join: null, "the API's records", cancellationToken).ConfigureAwait(false);
            var checkBad = await MoveRowsFailingChecksAsync(
                session, target, source, stagingTable, casts, fileColumn: null, lineColumn: null, cancellationToken,
                into: badTable, hidden: positions,
                fileSql: positions.Length > 0 ? $"{_engine.QuoteLiteral(origin + " page ")} || {Quote(HttpSourceReader.PageField)}" : _engine.QuoteLiteral(origin),
                lineSql: positions.Length > 0 ? Quote(HttpSourceReader.IndexField) : null).ConfigureAwait(false);
            var rowsRead = read.Records + refused.Count;
            var quarantined = refused.Count + castBad + checkBad;
            ThrowIfTooManyBadRows(target, source, quarantined, rowsRead);

            // The schema is planned before anything is committed: a failing policy leaves no quarantine rows behind either.
            var plan = await PlanSourceSchemaAsync(session, target, source, StagingSelect(source, staging, positions), "the API's records",
                cancellationToken, raw: "SELECT * FROM " + stagingTable).ConfigureAwait(false);
            LakeWriteResult written;
            IReadOnlyList<SchemaChange> changes;
            try
            {
                (written, changes) = await WriteSourceLakeAsync(session, target, source, plan, LakeWriteMode.Overwrite, cancellationToken,
                        beforeCommit: QuarantineBeforeCommit(session, target, source, badTable, quarantined, append: false))
                    .ConfigureAwait(false);
            }
            catch (AssetBuildException exception) when (exception.InnerException is DuckDBException { ErrorType: DuckDBErrorType.Conversion })
            {
                throw await ExplainCastFailureAsync(session, target, stagingTable, casts, exception, cancellationToken).ConfigureAwait(false);
            }

            var rowsLoaded = read.Records - castBad - checkBad;
            var action = string.Create(
                CultureInfo.InvariantCulture,
                $"loaded {Count(rowsLoaded, "row")} from {pages} (Delta version {written.Version})");
            action += Quarantined(source, quarantined);
            return new BuildResult(written.Rows, action + SchemaAction(changes))
            {
                Load = new LoadMetrics
                {
                    RowsRead = rowsRead,
                    RowsLoaded = rowsLoaded,
                    RowsQuarantined = quarantined,
                    BytesRead = read.BytesRead,
                    DeltaVersion = written.Version,
                },
                SchemaChanges = changes,
            };
        }
        finally
        {
            await session.ExecuteAsync(
                $"DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(staging)}; DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(badName)}",
                CancellationToken.None).ConfigureAwait(false);
            File.Delete(file);
        }
    }
}
