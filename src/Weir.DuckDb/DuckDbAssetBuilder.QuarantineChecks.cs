using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Weir.Checks;
using Weir.Engine;
using Weir.Project;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    private const string RowIdColumn = "__weir_rowid";
    private const string PositionColumn = "__weir_pos";

    /// <summary>The source's row-level checks marked <c>quarantine: true</c>, in declaration order.</summary>
    private static List<CheckSpec> QuarantineChecks(SourceSpec source) => [.. source.AllChecks.Where(c => c.Quarantine)];

    /// <summary>
    /// Applies the source's <c>quarantine: true</c> checks to the rows staged in <paramref name="staged"/>: the rows
    /// failing any of them (the same condition the check runner counts, <see cref="RowCheckSql"/>) are added to
    /// <see cref="BadTable"/> — reason: the names of the checks they fail (<c>range(amount)</c>), raw: the row as JSON,
    /// file and line: the file and the row's position among the rows read from it, or without
    /// <paramref name="fileColumn"/> no file and the row's position among the rows read — and deleted from
    /// <paramref name="staged"/>. Returns how many rows moved.
    /// </summary>
    /// <param name="session">The build's session (the staged table is one of its temporary tables).</param>
    /// <param name="target">The source, for messages.</param>
    /// <param name="source">The source whose checks apply.</param>
    /// <param name="staged">The staged rows, as SQL (a temporary table).</param>
    /// <param name="casts">Declared column types the checks see the values in (the staged rows may not be cast yet).</param>
    /// <param name="fileColumn">The column of <paramref name="staged"/> holding each row's file, dropped afterwards.</param>
    /// <param name="lineColumn">The column holding each row's line in its file, when known (dropped afterwards); else the
    /// row's position among the rows staged from its file.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <param name="into">The scratch quarantine table to add to; <see cref="BadTable"/> when <see langword="null"/>.</param>
    /// <param name="hidden">Staging columns that are not the source's: left out of <c>raw</c>, kept in the table.</param>
    /// <param name="fileSql">Without <paramref name="fileColumn"/>: the SQL of a row's <c>file</c> (its origin).</param>
    /// <param name="lineSql">Without <paramref name="fileColumn"/>: the SQL of a row's <c>line</c> (its offset there).</param>
    private async Task<long> MoveRowsFailingChecksAsync(
        ISqlSession session,
        BuildTarget target,
        SourceSpec source,
        string staged,
        List<(string Column, string Type)> casts,
        string? fileColumn,
        string? lineColumn,
        CancellationToken cancellationToken,
        string? into = null,
        IReadOnlyCollection<string>? hidden = null,
        string? fileSql = null,
        string? lineSql = null)
    {
        var badTable = into ?? BadTable;
        var checks = QuarantineChecks(source);
        if (checks.Count == 0)
        {
            return 0;
        }

        var failing = new List<(string Condition, string Reason)>();
        foreach (var check in checks)
        {
            if (!RowCheckSql.TryBuild(check, Quote, _engine.QuoteLiteral, out var condition, out var error))
            {
                throw target.Fail($"check '{check.DisplayName}' ({check.Location}) cannot quarantine rows: {error}");
            }

            // A NULL result (a NULL in a `where`) does not fail a row, as in the check runner.
            failing.Add(($"coalesce(({condition}), false)", check.DisplayName));
        }

        var columns = (await DescribeAsync(session, target, $"SELECT * FROM {staged}", cancellationToken).ConfigureAwait(false))
            .Where(c => c.Name != fileColumn && c.Name != lineColumn && (hidden is null || !hidden.Contains(c.Name)))
            .ToList();
        var typed = CastProjection(casts);
        var rows = $"(SELECT rowid AS {RowIdColumn}, {typed} FROM {staged})";
        var any = string.Join(" OR ", failing.Select(f => f.Condition));
        var reasons = failing.Select(f => $"CASE WHEN {f.Condition} THEN {_engine.QuoteLiteral(f.Reason)} END");
        var reason = $"concat_ws('; ', {string.Join(", ", reasons)})";
        var fields = columns.Select(c => $"{_engine.QuoteLiteral(c.Name)}: {Quote(c.Name)}");
        var raw = "CAST(to_json({" + string.Join(", ", fields) + "}) AS VARCHAR)";
        var (file, position) = fileColumn is null
            ? ($"CAST({fileSql ?? "NULL"} AS VARCHAR)", lineSql ?? $"{RowIdColumn} + 1")
            // The files are read one after the other, so a file's rows are consecutive in the staged table.
            : (RelativeFile(Quote(fileColumn)), $"{RowIdColumn} - min({RowIdColumn}) OVER (PARTITION BY {Quote(fileColumn)}) + 1");
        var positioned = fileColumn is null || lineColumn is not null ? rows : $"(SELECT *, {position} AS {PositionColumn} FROM {rows})";
        var line = lineColumn is not null ? Quote(lineColumn) : fileColumn is null ? position : PositionColumn;

        long moved;
        try
        {
            await session.ExecuteAsync(
                $"CREATE TEMP TABLE IF NOT EXISTS {badTable} (file VARCHAR, line BIGINT, raw VARCHAR, reason VARCHAR); " +
                $"INSERT INTO {badTable} (file, line, raw, reason) SELECT {file}, CAST({line} AS BIGINT), {raw}, {reason} " +
                $"FROM {positioned} WHERE {any} ORDER BY {RowIdColumn}",
                cancellationToken).ConfigureAwait(false);
            moved = await session.ExecuteAsync(
                $"DELETE FROM {staged} WHERE rowid IN (SELECT {RowIdColumn} FROM {rows} WHERE {any})", cancellationToken)
                .ConfigureAwait(false);
            foreach (var column in new[] { fileColumn, lineColumn }.OfType<string>())
            {
                await session.ExecuteAsync($"ALTER TABLE {staged} DROP COLUMN {Quote(column)}", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DuckDBException exception) when (exception.ErrorType == DuckDBErrorType.Conversion && casts.Count > 0)
        {
            var original = target.Fail(exception, modelFromLine2: false);
            throw await ExplainCastFailureAsync(session, target, staged, casts, original, cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException exception)
        {
            throw target.Fail(exception, modelFromLine2: false);
        }

        return moved;
    }
}
