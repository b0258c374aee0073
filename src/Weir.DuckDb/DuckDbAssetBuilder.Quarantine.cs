using System.Globalization;
using Weir.DuckDb.Ingest;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Project;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    /// <summary>Commit parameters of a load's counts (rows read = rows loaded + rows quarantined).</summary>
    private static void AddLoadCounts(Dictionary<string, string> parameters, long read, long loaded, long quarantined)
    {
        parameters["weir.rowsRead"] = read.ToString(CultureInfo.InvariantCulture);
        parameters["weir.rowsLoaded"] = loaded.ToString(CultureInfo.InvariantCulture);
        parameters["weir.rowsQuarantined"] = quarantined.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Moves the staged rows whose non-null value in a column with a declared type does not convert to it into
    /// <paramref name="badTable"/> (quarantine layout; reason <c>column "amount": "abc" is not INTEGER</c>, the row as
    /// JSON), and deletes them from the staging table. Returns how many rows moved. <c>fileSql</c> and <c>lineSql</c> are
    /// the SQL of the rows' <c>file</c> (where they came from) and <c>line</c> (their offset there), over the staging
    /// table and <c>join</c>; <c>hidden</c> are staging columns that are not the source's (left out of <c>raw</c>).
    /// </summary>
    private async Task<long> QuarantineCastFailuresAsync(
        ISqlSession session,
        BuildTarget target,
        string staging,
        string badTable,
        List<(string Column, string Type)> casts,
        string fileSql,
        string lineSql,
        IReadOnlyCollection<string> hidden,
        string? join,
        string readFrom,
        CancellationToken cancellationToken)
    {
        if (casts.Count == 0)
        {
            return 0;
        }

        var columns = (await DescribeAsync(session, target, $"SELECT * FROM {staging}", cancellationToken).ConfigureAwait(false))
            .Where(c => !hidden.Contains(c.Name))
            .ToList();
        var missing = casts.FirstOrDefault(d => !columns.Any(c => string.Equals(c.Name, d.Column, StringComparison.OrdinalIgnoreCase)));
        if (missing.Column is not null)
        {
            throw target.Fail(
                $"declared column \"{missing.Column}\" is not in the data read from {readFrom}; its columns are {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}");
        }

        var failures = casts.Select(c => CastFailureSql.For(c.Column, c.Type)).ToList();
        var condition = string.Join(" OR ", failures.Select(f => f.Condition));
        var row = "{" + string.Join(", ", columns.Select(c => $"{_engine.QuoteLiteral(c.Name)}: {Quote(c.Name)}")) + "}";
        var before = await ScalarInt64Async(session, target, $"SELECT count(*) FROM {badTable}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(session, target,
            $"INSERT INTO {badTable} SELECT {fileSql}, {lineSql}, CAST(to_json({row}) AS VARCHAR), " +
            $"concat_ws('; ', {string.Join(", ", failures.Select(f => f.Reason))}) FROM {staging} {join} WHERE {condition}; " +
            $"DELETE FROM {staging} WHERE {condition}",
            cancellationToken).ConfigureAwait(false);
        return await ScalarInt64Async(session, target, $"SELECT count(*) FROM {badTable}", cancellationToken).ConfigureAwait(false) - before;
    }

    /// <summary>Fails the load, before anything is committed, when the bad rows are over <c>max_bad_rows</c>.</summary>
    private static void ThrowIfTooManyBadRows(BuildTarget target, SourceSpec source, long bad, long read)
    {
        if (source.MaxBadRows is { } limit && limit.IsExceeded(bad, read))
        {
            throw target.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{Count(bad, "row")} of {Count(read, "row")} read could not be loaded, over max_bad_rows ({limit}); nothing was loaded"));
        }
    }

    /// <summary>The lake table of a source's quarantined rows: <c>&lt;source&gt;__quarantine</c>, in the raw zone.</summary>
    internal static SourceSpec QuarantineSpec(SourceSpec source) => new()
    {
        Name = QuarantineName(source.Name),
        Location = source.Location,
        Format = source.Format,
        Path = source.Path,
        Zone = LakeZone.Raw,
        IdempotencyWindow = source.IdempotencyWindow,
    };

    /// <summary>
    /// Commits the quarantined rows to <c>&lt;source&gt;__quarantine</c> (appended, or replacing it for a load that
    /// replaces the source's table; an emptied quarantine is replaced only when it exists), keyed to the source table's
    /// next version so a retried load does not quarantine its rows twice.
    /// </summary>
    private async Task CommitQuarantineAsync(
        ISqlSession session, BuildTarget target, SourceSpec source, string badTable, long bad, bool append, CancellationToken cancellationToken,
        long? next = null)
    {
        var quarantine = QuarantineSpec(source);
        if (bad == 0 && (append || await _lake!.TryOpenAsync(quarantine, cancellationToken).ConfigureAwait(false) is null))
        {
            return;
        }

        // The source table's next version (the caller may know it from the snapshot its plan read).
        next ??= (await _lake!.TryOpenAsync(source, cancellationToken).ConfigureAwait(false)) is { } table
            ? (await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false)).Version + 1
            : 0;
        await WriteQuarantineLakeAsync(session, target, quarantine, append, next.Value, cancellationToken, badTable).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="CommitQuarantineAsync"/> as a lake write's <see cref="BeforeCommit"/> hook: the quarantine is committed
    /// once the rows' files are written, just before their commit, so a load that fails commits no quarantine.
    /// </summary>
    private BeforeCommit QuarantineBeforeCommit(
        ISqlSession session, BuildTarget target, SourceSpec source, string badTable, long bad, bool append, long? next = null) =>
        async (_, token) =>
        {
            await CommitQuarantineAsync(session, target, source, badTable, bad, append, token, next).ConfigureAwait(false);
            return null;
        };

    private static string Quarantined(SourceSpec source, long bad) =>
        bad > 0 ? $"; quarantined {Count(bad, "row")} (see {QuarantineName(source.Name)})" : string.Empty;
}
