using System.Globalization;
using DuckDB.NET.Data;
using Weir.Engine;
using Weir.Execution;
using Weir.Project;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    /// <summary>
    /// Adds the model's new rows to its table: the rows past the cursor (all rows without one) are staged in a temp
    /// table, then appended, or merged on the unique key (delete matching keys, insert), in one transaction.
    /// </summary>
    private async Task<BuildResult> BuildIncrementalAsync(
        ISqlSession session, BuildTarget target, ModelSpec model, string sql, CancellationToken cancellationToken)
    {
        var existing = await ExistingKindAsync(session, target, cancellationToken).ConfigureAwait(false);
        if (existing != Table)
        {
            await CreateOrReplaceAsync(session, target, Table, sql, cancellationToken).ConfigureAwait(false);
            var created = await CountRowsAsync(session, target, cancellationToken).ConfigureAwait(false);
            return new BuildResult(created, "created table");
        }

        var table = Qualified(target.Name);
        var stage = Quote("__weir_stage_" + Guid.NewGuid().ToString("N"));
        var filter = string.Empty;
        if (!string.IsNullOrEmpty(model.Cursor))
        {
            var cursor = Quote(model.Cursor);
            var max = $"(SELECT max({cursor}) FROM {table})";
            var comparison = model.UniqueKey.Count > 0 ? ">=" : ">";
            filter = $" WHERE {max} IS NULL OR __weir_new.{cursor} {comparison} {max}";
        }

        await ExecuteAsync(
            session,
            target,
            $"CREATE TEMP TABLE {stage} AS SELECT * FROM (\n{sql}\n) AS __weir_new{filter}",
            cancellationToken,
            modelFromLine2: true).ConfigureAwait(false);
        try
        {
            return await MergeOrAppendAsync(session, target, model, table, stage, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                // Not cancellable: the stage must not outlive a canceled build on this connection.
                await session.ExecuteAsync($"DROP TABLE IF EXISTS {stage}", CancellationToken.None).ConfigureAwait(false);
            }
            catch (DuckDBException dropFailure)
            {
                Log.RollbackFailed(_logger, dropFailure, target.Name);
            }
        }
    }

    private async Task<BuildResult> MergeOrAppendAsync(
        ISqlSession session, BuildTarget target, ModelSpec model, string table, string stage, CancellationToken cancellationToken)
    {
        var staged = await ScalarInt64Async(session, target, $"SELECT count(*) FROM {stage}", cancellationToken).ConfigureAwait(false);
        var stageColumns = await DescribeAsync(session, target, $"SELECT * FROM {stage}", cancellationToken).ConfigureAwait(false);
        var keys = new List<string>(model.UniqueKey.Count);
        foreach (var key in model.UniqueKey)
        {
            var column = stageColumns.FirstOrDefault(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase));
            if (column.Name is null)
            {
                throw target.Fail($"unique_key column \"{key}\" is not a column of the model's SELECT");
            }

            keys.Add(Quote(column.Name));
        }

        if (keys.Count > 0)
        {
            var duplicated = await ScalarInt64Async(
                session,
                target,
                $"SELECT count(*) FROM (SELECT 1 FROM {stage} GROUP BY {string.Join(", ", keys)} HAVING count(*) > 1)",
                cancellationToken).ConfigureAwait(false);
            if (duplicated > 0)
            {
                var values = Count(duplicated, "value");
                throw target.Fail(
                    $"the new rows hold {values} of unique key ({string.Join(", ", model.UniqueKey)}) more than once; " +
                    "a merge needs each key at most once per run, nothing was merged");
            }
        }

        var tableColumns = await DescribeAsync(session, target, $"SELECT * FROM {table}", cancellationToken).ConfigureAwait(false);
        var added = stageColumns
            .Where(s => !tableColumns.Any(t => string.Equals(t.Name, s.Name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        long updated = 0;
        await InTransactionAsync(
            session,
            target,
            async () =>
            {
                foreach (var (name, type) in added)
                {
                    await ExecuteAsync(session, target, $"ALTER TABLE {table} ADD COLUMN {Quote(name)} {type}", cancellationToken)
                        .ConfigureAwait(false);
                }

                if (keys.Count > 0)
                {
                    var match = string.Join(" AND ", keys.Select(k => $"__weir_stage.{k} IS NOT DISTINCT FROM __weir_target.{k}"));
                    updated = await ScalarInt64Async(
                        session,
                        target,
                        $"SELECT count(*) FROM {stage} AS __weir_stage WHERE EXISTS (SELECT 1 FROM {table} AS __weir_target WHERE {match})",
                        cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(
                        session,
                        target,
                        $"DELETE FROM {table} AS __weir_target USING {stage} AS __weir_stage WHERE {match}",
                        cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(session, target, $"INSERT INTO {table} BY NAME SELECT * FROM {stage}", cancellationToken)
                    .ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

        var rows = await CountRowsAsync(session, target, cancellationToken).ConfigureAwait(false);
        var action = keys.Count > 0
            ? $"merged {Count(staged, "row")} ({updated.ToString("N0", CultureInfo.InvariantCulture)} updated, " +
              $"{(staged - updated).ToString("N0", CultureInfo.InvariantCulture)} inserted)"
            : $"appended {Count(staged, "row")}";
        if (added.Length > 0)
        {
            action += $"; added column{(added.Length == 1 ? string.Empty : "s")} {string.Join(", ", added.Select(a => Quote(a.Name)))}";
        }

        return new BuildResult(rows, action);
    }

    /// <summary>Whether the asset exists in schema <c>main</c>, and as a <c>TABLE</c> or a <c>VIEW</c>.</summary>
    /// <remarks>Only incremental models ask: a full catalog lookup costs milliseconds on a large catalog.</remarks>
    private async Task<string?> ExistingKindAsync(ISqlSession session, BuildTarget target, CancellationToken cancellationToken)
    {
        var name = _engine.QuoteLiteral(target.Name);
        var sql =
            "SELECT CASE table_type WHEN 'VIEW' THEN 'VIEW' ELSE 'TABLE' END FROM information_schema.tables " +
            $"WHERE table_catalog = current_database() AND table_schema = 'main' AND lower(table_name) = lower({name})";
        try
        {
            return await session.ScalarAsync(sql, cancellationToken).ConfigureAwait(false) as string;
        }
        catch (DuckDBException exception)
        {
            throw target.Fail(exception, modelFromLine2: false);
        }
    }
}
