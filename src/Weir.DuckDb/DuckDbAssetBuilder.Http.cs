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
        try
        {
            HttpReadResult read;
            var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                try
                {
                    read = await new HttpSourceReader(s_http, HttpTime, HttpRetryDelay).ReadAsync(http, output, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpSourceException ex)
                {
                    throw target.Fail(ex.Message, ex);
                }
            }

            var pages = string.Create(CultureInfo.InvariantCulture, $"{Count(read.Pages, "page")} ({read.Retries} {(read.Retries == 1 ? "retry" : "retries")})");
            if (read.Records == 0)
            {
                if (await _lake.TryOpenAsync(source, cancellationToken).ConfigureAwait(false) is not { } existing)
                {
                    throw target.Fail($"read 0 records from {pages}; a first load needs records to learn the table's columns");
                }

                var current = await existing.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
                await _lake.PublishAsync(session, source, current, cancellationToken).ConfigureAwait(false);
                return new BuildResult(LakeTables.RowCount(current), $"read 0 rows from {pages}; table unchanged");
            }

            var reader = $"read_json({_engine.QuoteLiteral(file)}, format = 'newline_delimited', union_by_name = true)";
            try
            {
                await session.ExecuteAsync($"CREATE TEMP TABLE {SqlText.Identifier(staging)} AS SELECT * FROM {reader}", cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (DuckDBException ex)
            {
                throw target.Fail(ex, modelFromLine2: false);
            }

            var quarantined = await ApplyQuarantineChecksAsync(
                session, target, source, "temp.main." + SqlText.Identifier(staging), read.Records, append: false, load: null,
                cancellationToken).ConfigureAwait(false);
            LakeWriteResult written;
            try
            {
                written = await WriteLakeAsync(
                    session, target, source, StagingSelect(source, staging), LakeWriteMode.Overwrite, SchemaChangePolicy.Overwrite,
                    [.. source.Columns.Select(c => c.Name)], cancellationToken).ConfigureAwait(false);
            }
            catch (AssetBuildException exception) when (exception.InnerException is DuckDBException { ErrorType: DuckDBErrorType.Conversion })
            {
                var casts = source.Columns
                    .Where(c => !string.IsNullOrWhiteSpace(c.Type))
                    .Select(c => (Column: c.Name, Type: c.Type!.Trim()))
                    .ToList();
                throw await ExplainCastFailureAsync(session, target, "temp.main." + SqlText.Identifier(staging), casts, exception, cancellationToken)
                    .ConfigureAwait(false);
            }

            var action = string.Create(
                CultureInfo.InvariantCulture,
                $"loaded {Count(written.RowsWritten, "row")} from {pages} (Delta version {written.Version})");
            if (written.SchemaChange is { } change)
            {
                action += $"; schema: {change}";
            }

            if (quarantined > 0)
            {
                action += $"; quarantined {Count(quarantined, "row")} (see {QuarantineName(source.Name)})";
            }

            return new BuildResult(written.Rows, action);
        }
        finally
        {
            await session.ExecuteAsync($"DROP TABLE IF EXISTS temp.main.{SqlText.Identifier(staging)}", CancellationToken.None).ConfigureAwait(false);
            File.Delete(file);
        }
    }
}
