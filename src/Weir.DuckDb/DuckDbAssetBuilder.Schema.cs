using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Weir.DuckDb.Ingest;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Lake.Protocol;
using Weir.Project;
using Weir.Runs;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    /// <summary>
    /// Compares the data of a source's load with its lake table's schema and plans the load under the source's
    /// <c>on_schema_change</c>, before anything is written: a declared column missing from the data, or a change the
    /// policy refuses, fails here, so nothing is committed. <paramref name="where"/> says where the data came from, for
    /// messages (the path, <c>SQLite</c>, …). When <paramref name="raw"/> is given (the rows before declared types
    /// are cast), the declared columns are looked for there.
    /// </summary>
    private async Task<SourceSchemaPlan> PlanSourceSchemaAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, string select, string where, CancellationToken cancellationToken,
        string? raw = null)
    {
        TableSchema incoming;
        TableSchema? current = null;
        LoadedLakeTable table;
        try
        {
            if (raw is not null && source.Columns.Count > 0)
            {
                var columns = await DeltaSchemaConverter.DescribeColumnsAsync(session, raw, cancellationToken).ConfigureAwait(false);
                ThrowIfDeclaredColumnMissing(target, source, [.. columns.Select(c => (c.Name, c.Type))], where);
            }

            incoming = TableSchema.Parse(await DeltaSchemaConverter.DescribeAsync(session, select, cancellationToken).ConfigureAwait(false));
            table = await _lake!.LoadAsync(source, cancellationToken).ConfigureAwait(false);
            if (table.Snapshot is { } snapshot)
            {
                current = TableSchema.Parse(snapshot.Metadata.SchemaString);
            }
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }
        catch (Exception ex) when (ex is WeirException and not AssetBuildException or NotSupportedException or FormatException)
        {
            throw target.Fail(ex.Message, ex);
        }

        ThrowIfDeclaredColumnMissing(target, source, [.. incoming.Fields.Select(f => (f.Name, f.Type))], where);
        var plan = SourceSchemaPlan.Create(current, incoming, source.OnSchemaChange, select, out var error)
            ?? throw target.Fail(error!);
        return plan.WithTable(table, incoming);
    }

    /// <summary>
    /// Writes a source's load as <paramref name="plan"/> says, recording its schema changes in the commit
    /// (<see cref="SourceSchemaPlan.ChangesParameter"/>). The plan has already applied the policy, so the table takes
    /// the planned schema. A value the plan casts to the table's type that does not convert fails the load.
    /// </summary>
    private async Task<(LakeWriteResult Written, IReadOnlyList<SchemaChange> Changes)> WriteSourceLakeAsync(
        ISqlSession session,
        BuildTarget target,
        SourceSpec source,
        SourceSchemaPlan plan,
        LakeWriteMode mode,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? keys = null,
        long? appVersion = null,
        IReadOnlyDictionary<string, string>? operationParameters = null,
        MergeSourceTraits mergeSource = MergeSourceTraits.None,
        BeforeCommit? beforeCommit = null)
    {
        var parameters = new Dictionary<string, string>(operationParameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (plan.Changes.Count > 0)
        {
            parameters[SourceSchemaPlan.ChangesParameter] = plan.ToJson();
        }

        var policy = mode == LakeWriteMode.Overwrite ? SchemaChangePolicy.Overwrite : SchemaChangePolicy.Evolve;
        LakeWriteResult written;
        try
        {
            // The write starts from the snapshot and schema the plan was made against: the log is read, and the data
            // described, once per load.
            written = await WriteLakeAsync(
                    session, target, source, plan.Select, mode, policy, null, cancellationToken, keys, appVersion, parameters, mergeSource,
                    plan.Table, plan.SelectSchema, beforeCommit)
                .ConfigureAwait(false);
        }
        catch (AssetBuildException exception)
            when (plan.Casts.Count > 0 && exception.InnerException is DuckDBException { ErrorType: DuckDBErrorType.Conversion })
        {
            // Which of the casts fail, if any (a declared type's cast may be the one): named without the values.
            var counts = string.Join(", ", plan.Casts.Select(c =>
                $"count(*) FILTER (WHERE {Quote(c.Column)} IS NOT NULL AND TRY_CAST({Quote(c.Column)} AS {c.Type}) IS NULL)"));
            QueryResult? result = null;
            try
            {
                result = await session.QueryAsync($"SELECT {counts} FROM ({plan.Data}) AS __weir_data", null, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (DuckDBException)
            {
                // The data itself does not convert (a declared type): the original error says why.
            }

            var failing = plan.Casts
                .Where((_, i) => result is not null && Convert.ToInt64(result.Rows[0][i], CultureInfo.InvariantCulture) > 0)
                .Select(c => plan.Changes.First(change => change.Kind == SchemaChangeKind.Cast
                    && string.Equals(change.Column, c.Column, StringComparison.OrdinalIgnoreCase)))
                .Select(c => $"\"{c.Column}\" ({c.NewType} to the table's {c.OldType})")
                .ToList();
            if (failing.Count == 0)
            {
                throw;
            }

            throw target.Fail(
                $"on_schema_change: ignore casts {string.Join(", ", failing)}, and a value does not convert; nothing was loaded. " +
                "Fix the source's values, or set on_schema_change: evolve to take the new type where it widens",
                exception.InnerException);
        }

        IReadOnlyList<SchemaChange> changes = written.Skipped
            ? []
            : [.. plan.Changes.Select(c => c.ToRecord(source.Name, written.Version, written.CommittedAt))];
        return (written, changes);
    }

    /// <summary>The schema part of a load's action text: <c>; schema: +discount decimal(10,2); qty missing (NULL)</c>.</summary>
    private static string SchemaAction(IReadOnlyList<SchemaChange> changes) =>
        changes.Count == 0 ? string.Empty : "; schema: " + string.Join("; ", changes);
}
