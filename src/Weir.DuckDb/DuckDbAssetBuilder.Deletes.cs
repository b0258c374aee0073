using System.Globalization;
using DuckDB.NET.Data;
using Weir.DuckDb.Ingest;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Project;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    /// <summary>The commit parameter that records when a load last compared the source's keys with the table (ISO 8601, UTC).</summary>
    internal const string DeletesCheckedParameter = "weir.deletes.checked";

    /// <summary>The soft-delete flag of a source that detects deletes: true while the row's key is missing from the source.</summary>
    internal const string DeletedColumn = "_weir_deleted";

    /// <summary>When the row was first found missing from the source (UTC), or NULL.</summary>
    internal const string DeletedAtColumn = "_weir_deleted_at";

    /// <summary>The clock of database loads: when a key snapshot is due, and the time deleted rows are flagged with.</summary>
    internal TimeProvider LoadTime { get; init; } = TimeProvider.System;

    /// <summary>
    /// Whether this load compares keys: always without <c>every</c>; otherwise when the last comparison, recorded in the
    /// commit that carried it, is at least <c>every</c> ago (or never happened).
    /// </summary>
    private async Task<bool> DeletesDueAsync(BuildTarget target, SourceSpec source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (source.DetectDeletesEvery is not { } every)
        {
            return true;
        }

        IReadOnlyDictionary<string, string>? parameters;
        try
        {
            parameters = await _lake!.FindCommitParametersAsync(source, DeletesCheckedParameter, cancellationToken).ConfigureAwait(false);
        }
        catch (WeirException ex)
        {
            throw target.Fail(ex.Message, ex);
        }

        return parameters is null
            || !DateTimeOffset.TryParse(parameters[DeletesCheckedParameter], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var last)
            || now - last >= every;
    }

    /// <summary>The rows of <paramref name="select"/> with the flags of rows present in the source.</summary>
    private string WithDeleteFlags(string select) =>
        $"SELECT *, false AS {Quote(DeletedColumn)}, CAST(NULL AS TIMESTAMP) AS {Quote(DeletedAtColumn)} FROM ({select}) AS __weir_rows";

    /// <summary>
    /// Streams the source's key columns into <paramref name="keys"/> and works out which rows of the lake table change
    /// flag: missing keys become deleted (at <paramref name="now"/>, kept from an earlier detection), keys that came back
    /// are cleared. Returns <see langword="null"/> when the table does not exist yet (nothing to compare), otherwise the
    /// statement to write: for a merge, the new rows plus the rows whose flag changes; for an append that changes flags,
    /// every row of the table with its flags recomputed plus the new rows (the load then rewrites the table).
    /// </summary>
    private async Task<DeleteFlags?> FlagDeletesAsync(
        ISqlSession session,
        DuckDBConnection connection,
        BuildTarget target,
        SourceSpec source,
        string select,
        string keys,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        try
        {
            if (await _lake!.TryOpenAsync(source, cancellationToken).ConfigureAwait(false) is not { } table)
            {
                return null;
            }

            await _lake.PublishAsync(session, source, await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (WeirException ex)
        {
            throw target.Fail(ex.Message, ex);
        }

        var keyList = string.Join(", ", source.PrimaryKey.Select(DatabaseSourceReader.QuoteIdentifier));
        var keySource = new SourceSpec
        {
            Name = source.Name,
            Location = source.Location,
            Format = source.Format,
            Path = string.Empty,
            Connection = source.Connection,
            Query = $"SELECT {keyList} FROM (\n{DatabaseSourceReader.SelectSql(source, fromWatermark: false)}\n) AS weir_keys",
        };
        await ReadDatabaseAsync(connection, target, keySource, keys, from: null, keep: null, cancellationToken).ConfigureAwait(false);

        var declared = DeclaredTypes(source);
        var present = string.Join(", ", source.PrimaryKey.Select(k =>
            declared.FirstOrDefault(d => string.Equals(d.Column, k, StringComparison.OrdinalIgnoreCase)) is { Column: not null } d
                ? $"TRY_CAST({Quote(k)} AS {d.Type}) AS {Quote(k)}"
                : Quote(k)));
        var lake = Qualified(source.Name);
        var lakeColumns = await DescribeAsync(session, target, $"SELECT * FROM {lake}", cancellationToken).ConfigureAwait(false);
        var flagged = lakeColumns.Any(c => string.Equals(c.Name, DeletedColumn, StringComparison.Ordinal));
        var lakeRows = flagged
            ? $"SELECT * FROM {lake}"
            : $"SELECT *, CAST(NULL AS BOOLEAN) AS {Quote(DeletedColumn)}, CAST(NULL AS TIMESTAMP) AS {Quote(DeletedAtColumn)} FROM {lake}";
        var match = string.Join(" AND ", source.PrimaryKey.Select(k => $"t.{Quote(k)} IS NOT DISTINCT FROM k.{Quote(k)}"));
        var at = "TIMESTAMP " + _engine.QuoteLiteral(now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
        var deleted = Quote(DeletedColumn);
        var deletedAt = Quote(DeletedAtColumn);
        var recomputed =
            $"SELECT t.* REPLACE (k.__weir_present IS NULL AS {deleted}, " +
            $"CASE WHEN k.__weir_present IS NOT NULL THEN NULL WHEN coalesce(t.{deleted}, false) THEN t.{deletedAt} ELSE {at} END AS {deletedAt}), " +
            $"coalesce(t.{deleted}, false) AS __weir_was " +
            $"FROM ({lakeRows}) AS t LEFT JOIN (SELECT DISTINCT {present}, true AS __weir_present FROM temp.main.{SqlText.Identifier(keys)}) AS k ON {match}";
        QueryResult counts;
        try
        {
            counts = await session.QueryAsync(
                $"SELECT count(*) FILTER (WHERE {deleted} AND NOT __weir_was), count(*) FILTER (WHERE NOT {deleted} AND __weir_was) FROM ({recomputed})",
                null, cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }

        var newlyDeleted = Convert.ToInt64(counts.Rows[0][0], CultureInfo.InvariantCulture);
        var restored = Convert.ToInt64(counts.Rows[0][1], CultureInfo.InvariantCulture);
        if (newlyDeleted + restored == 0)
        {
            return new DeleteFlags(select, 0, 0);
        }

        if (source.Mode == SourceLoadMode.Incremental)
        {
            var newKeys = string.Join(" AND ", source.PrimaryKey.Select(k => $"n.{Quote(k)} IS NOT DISTINCT FROM r.{Quote(k)}"));
            var changed = $"SELECT * EXCLUDE (__weir_was) FROM ({recomputed}) AS r WHERE r.{deleted} <> r.__weir_was " +
                $"AND NOT EXISTS (SELECT 1 FROM ({select}) AS n WHERE {newKeys})";
            return new DeleteFlags($"{select} UNION ALL BY NAME {changed}", newlyDeleted, restored);
        }

        return new DeleteFlags($"SELECT * EXCLUDE (__weir_was) FROM ({recomputed}) UNION ALL BY NAME {select}", newlyDeleted, restored);
    }

    /// <summary>What a key comparison changes: the statement to write, rows newly flagged deleted, rows cleared.</summary>
    private sealed record DeleteFlags(string Select, long Deleted, long Restored)
    {
        public long Changed => Deleted + Restored;
    }
}
