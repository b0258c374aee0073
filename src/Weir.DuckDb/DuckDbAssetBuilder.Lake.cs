using System.Globalization;
using DuckDB.NET.Data;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Execution;
using Weir.Lake;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Lake.Storage;
using Weir.Project;
using Weir.Runs;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    /// <summary>
    /// An incremental model in the lake: the first run creates the table; later runs add the rows past the cursor
    /// (all rows without one), appended, or merged on the unique key (at or past the cursor, so rows stamped with the
    /// previous maximum are not lost).
    /// </summary>
    private async Task<BuildResult> BuildLakeIncrementalAsync(
        ISqlSession session, BuildTarget target, ModelSpec model, string sql, CancellationToken cancellationToken)
    {
        var table = await _lake!.TryOpenAsync(model, cancellationToken).ConfigureAwait(false);
        if (table is null)
        {
            var created = await WriteLakeAsync(session, target, model, sql, LakeWriteMode.Overwrite, model.OnSchemaChange, null, cancellationToken)
                .ConfigureAwait(false);
            return LakeResult(model, "created", created);
        }

        var select = sql;
        if (!string.IsNullOrEmpty(model.Cursor))
        {
            // The cursor's maximum comes from the committed table, not from the view this warehouse holds: there is
            // none in a new warehouse, and it shows an older version when another process wrote the lake since.
            try
            {
                var current = await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
                await _lake.PublishAsync(session, model, current, cancellationToken).ConfigureAwait(false);
            }
            catch (WeirException ex)
            {
                throw target.Fail(ex.Message, ex);
            }
            catch (DuckDBException ex)
            {
                throw target.Fail(ex, modelFromLine2: false);
            }

            var cursor = Quote(model.Cursor);
            var max = $"(SELECT max({cursor}) FROM {Qualified(model.Name)})";
            var comparison = model.UniqueKey.Count > 0 ? ">=" : ">";
            select = $"SELECT * FROM (\n{sql}\n) AS __weir_new WHERE {max} IS NULL OR __weir_new.{cursor} {comparison} {max}";
        }

        var mode = model.UniqueKey.Count > 0 ? LakeWriteMode.Merge : LakeWriteMode.Append;
        var written = await WriteLakeAsync(session, target, model, select, mode, model.OnSchemaChange, null, cancellationToken, model.UniqueKey)
            .ConfigureAwait(false);
        return LakeResult(model, mode == LakeWriteMode.Merge ? "merged" : "appended", written);
    }

    /// <summary>A Delta table written elsewhere, read in place at its latest version, a version, or a time.</summary>
    private async Task<BuildResult> BuildDeltaSourceAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, string path, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(path);
        var log = new DeltaLog(new LocalObjectStore(Path.GetDirectoryName(folder)!), Path.GetFileName(folder), checkpointFormat: DuckDbCheckpointFormat.Shared);
        Snapshot snapshot;
        try
        {
            snapshot = source.Version is { } version ? await log.LoadSnapshotAsync(version, cancellationToken).ConfigureAwait(false)
                : source.Timestamp is { } at ? await log.LoadSnapshotAtAsync(at, cancellationToken).ConfigureAwait(false)
                : await log.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
            await LakeTables.PublishAsync(session, source.Name, snapshot, folder, cancellationToken).ConfigureAwait(false);
        }
        catch (WeirException ex)
        {
            throw target.Fail(ex.Message, ex);
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }

        // Statistics are optional in Delta (Spark before 0.8 wrote none): without them, DuckDB counts from the footers.
        var rows = snapshot.Files.All(f => FileStats.Parse(f.Stats)?.NumRecords is not null)
            ? LakeTables.RowCount(snapshot)
            : await CountRowsAsync(session, target, cancellationToken).ConfigureAwait(false);
        return new BuildResult(rows, string.Create(CultureInfo.InvariantCulture, $"reads Delta version {snapshot.Version} ({Count(rows, "row")}) in place"));
    }

    private async Task<LakeWriteResult> WriteLakeAsync(
        ISqlSession session,
        BuildTarget target,
        AssetSpec asset,
        string select,
        LakeWriteMode mode,
        SchemaChangePolicy policy,
        IReadOnlyList<string>? requiredColumns,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? keys = null,
        long? appVersion = null,
        IReadOnlyDictionary<string, string>? operationParameters = null,
        MergeSourceTraits mergeSource = MergeSourceTraits.None,
        LoadedLakeTable? loaded = null,
        TableSchema? incoming = null,
        BeforeCommit? beforeCommit = null)
    {
        try
        {
            return await _lake!.WriteWithAppIdAsync(
                    session, asset, select, mode, keys, policy, "weir:" + asset.Name, appVersion, requiredColumns, operationParameters,
                    cancellationToken, mergeSource, loaded, incoming, beforeCommit)
                .ConfigureAwait(false);
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }
        catch (WeirException ex) when (ex is not AssetBuildException)
        {
            // (A BeforeCommit hook's own failure already names the asset.)
            throw target.Fail(ex.Message, ex);
        }
    }

    /// <summary>A model's build result from its lake write: the action text, and the schema change column by column.</summary>
    private static BuildResult LakeResult(AssetSpec asset, string verb, LakeWriteResult written) =>
        new(written.Rows, LakeAction(verb, written)) { SchemaChanges = SchemaChanges(asset, written) };

    /// <summary>The columns a lake write added, widened, dropped or retyped, as the run store records them.</summary>
    private static IReadOnlyList<SchemaChange> SchemaChanges(AssetSpec asset, LakeWriteResult written)
    {
        if (written.SchemaDiff is not { } diff || written.Skipped)
        {
            return [];
        }

        SchemaChange Change(SchemaChangeKind kind, string column, string? oldType, string? newType) => new()
        {
            Asset = asset.Name, Version = written.Version, ChangedAt = written.CommittedAt, Kind = kind, Column = column,
            OldType = oldType, NewType = newType,
        };

        return
        [
            .. diff.Added.Select(a => Change(SchemaChangeKind.Added, a.Name, null, a.Type)),
            .. diff.Widened.Select(w => Change(SchemaChangeKind.Widened, w.From.Name, w.From.Type, w.To.Type)),
            .. diff.Changed.Select(c => Change(SchemaChangeKind.Retyped, c.From.Name, c.From.Type, c.To.Type)),
            .. diff.Dropped.Select(d => Change(SchemaChangeKind.Dropped, d.Name, d.Type, null)),
        ];
    }

    private static string LakeAction(string verb, LakeWriteResult written)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{verb} {Count(written.RowsWritten, "row")} (Delta version {written.Version})");
        return written.SchemaChange is { } change ? $"{text}; schema: {change}" : text;
    }
}
