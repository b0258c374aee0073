using System.Data.Common;
using System.Globalization;
using System.Runtime.ExceptionServices;
using DuckDB.NET.Data;
using Weir.DuckDb.Lake;
using Weir.Project;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// A full refresh read by key range: the split column's minimum and maximum are queried, cut into
/// <see cref="SourceSpec.Parallelism"/> ranges (the first also takes the rows whose split value is NULL, the first and
/// last are open-ended so no row escapes), and each range is read on its own source connection at the same time, each
/// writing on its own DuckDB connection into its own chunks (<see cref="StagedChunks"/>, when the serial read would keep
/// them too) or its own table in a private in-memory database. The parts are then combined into the staging table (or
/// view) in one statement, so it holds the same rows as a serial read's and lands in the same single commit.
/// </summary>
internal static class ParallelDatabaseReader
{
    private const string LowParameter = "weir_low";
    private const string HighParameter = "weir_high";

    /// <summary>
    /// Reads the source into the TEMP table <paramref name="stagingTable"/> of <paramref name="duckDb"/> (the build's
    /// connection), as <see cref="DatabaseSourceReader.ReadAsync"/> does; <paramref name="openDuckDb"/> opens another
    /// connection to the same DuckDB database, one per range reader.
    /// </summary>
    /// <exception cref="DbException">The source database refused a connection or a query.</exception>
    /// <exception cref="InvalidOperationException">The split column does not hold integers.</exception>
    public static async Task<DatabaseReadResult> ReadAsync(
        DuckDBConnection duckDb,
        Func<CancellationToken, Task<DuckDBConnection>> openDuckDb,
        string stagingTable,
        SourceSpec source,
        string projectRoot,
        CancellationToken cancellationToken,
        Func<IReadOnlyList<string>, StagedChunks>? keep = null)
    {
        var (min, max) = await RangeAsync(source, projectRoot, cancellationToken).ConfigureAwait(false);
        if (min is null || max is null)
        {
            // No non-null split value: nothing to split.
            return await DatabaseSourceReader.ReadAsync(duckDb, stagingTable, source, projectRoot, null, cancellationToken, keep).ConfigureAwait(false);
        }

        var ranges = Split(min.Value, max.Value, source.Parallelism);
        var parts = "__weir_parts_" + Guid.NewGuid().ToString("N");
        await DatabaseSourceReader.ExecuteAsync(duckDb, $"ATTACH ':memory:' AS {SqlText.Identifier(parts)}", CancellationToken.None).ConfigureAwait(false);
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var readers = new Task<(long Rows, long Bad)>[ranges.Count];
            var staged = new StagedChunks?[ranges.Count];
            for (var i = 0; i < ranges.Count; i++)
            {
                var part = i;
                readers[i] = Task.Run(
                    async () =>
                    {
                        try
                        {
                            return await ReadRangeAsync(
                                openDuckDb, parts, part, source, projectRoot, ranges[part], keep is null ? null : names => staged[part] = keep(names), cancel.Token)
                                .ConfigureAwait(false);
                        }
                        catch
                        {
                            // One failed range fails the read: stop the others.
                            await cancel.CancelAsync().ConfigureAwait(false);
                            throw;
                        }
                    },
                    cancel.Token);
            }

            try
            {
                await Task.WhenAll(readers).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested
                && readers.FirstOrDefault(r => r.IsFaulted)?.Exception?.InnerException is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            return await CombineAsync(duckDb, parts, stagingTable, source, [.. readers.Select(r => r.Result)], staged, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DatabaseSourceReader.ExecuteAsync(duckDb, $"DETACH {SqlText.Identifier(parts)}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cuts [<paramref name="min"/>, <paramref name="max"/>] into at most <paramref name="parallelism"/> ranges of
    /// nearly equal width: (low, high) with low inclusive and high exclusive, null for open-ended.
    /// </summary>
    internal static List<(long? Low, long? High)> Split(long min, long max, int parallelism)
    {
        var width = (Int128)max - min + 1;
        var count = (int)Int128.Min(parallelism, width);
        var bounds = new long[count + 1];
        for (var i = 0; i <= count; i++)
        {
            bounds[i] = (long)(min + (width * i / count));
        }

        var ranges = new List<(long? Low, long? High)>(count);
        for (var i = 0; i < count; i++)
        {
            ranges.Add((i == 0 ? null : bounds[i], i == count - 1 ? null : bounds[i + 1]));
        }

        return ranges;
    }

    private static async Task<(long? Min, long? Max)> RangeAsync(SourceSpec source, string projectRoot, CancellationToken cancellationToken)
    {
        var connection = await DatabaseSourceReader.OpenAsync(source, projectRoot, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        var split = DatabaseSourceReader.QuoteIdentifier(source.SplitBy!);
        command.CommandText = $"SELECT min({split}), max({split}) FROM (\n{DatabaseSourceReader.SelectSql(source, fromWatermark: false)}\n) AS weir_range";
        command.CommandTimeout = 0;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (Integer(reader, 0, source.SplitBy!), Integer(reader, 1, source.SplitBy!));
    }

    private static long? Integer(DbDataReader reader, int ordinal, string column)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return reader.GetValue(ordinal) switch
        {
            long l => l,
            int n => n,
            short s => s,
            byte b => b,
            var other => throw new InvalidOperationException(
                $"split_by column \"{column}\" must hold integers to be cut into key ranges, and it holds {DescribeValue(other)} values; " +
                "name an integer column in split_by, or remove parallelism"),
        };
    }

    private static string DescribeValue(object value) => value switch
    {
        string => "text",
        decimal or double or float => "non-integer numeric",
        DateTime or DateTimeOffset or DateOnly => "date or time",
        _ => value.GetType().Name,
    };

    /// <summary>Reads one key range on its own connections into <c>parts.part_N</c> (and read-time failures into <c>parts.bad_N</c>).</summary>
    private static async Task<(long Rows, long Bad)> ReadRangeAsync(
        Func<CancellationToken, Task<DuckDBConnection>> openDuckDb,
        string parts,
        int part,
        SourceSpec source,
        string projectRoot,
        (long? Low, long? High) range,
        Func<IReadOnlyList<string>, StagedChunks>? keep,
        CancellationToken cancellationToken)
    {
        var connection = await DatabaseSourceReader.OpenAsync(source, projectRoot, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        var split = DatabaseSourceReader.QuoteIdentifier(source.SplitBy!);
        var conditions = new List<string>();
        if (range.Low is { } low)
        {
            conditions.Add($"{split} >= @{LowParameter}");
            AddParameter(command, LowParameter, low);
        }

        if (range.High is { } high)
        {
            conditions.Add($"{split} < @{HighParameter}");
            AddParameter(command, HighParameter, high);
        }

        var where = conditions.Count == 0 ? "true" : string.Join(" AND ", conditions);
        if (part == 0)
        {
            where = $"({where}) OR {split} IS NULL";
        }

        command.CommandText = $"SELECT * FROM (\n{DatabaseSourceReader.SelectSql(source, fromWatermark: false)}\n) AS weir_part WHERE {where}";
        command.CommandTimeout = 0;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var columns = SourceColumn.Describe(reader, source.Format == SourceFormat.Sqlite);
        var ordinals = DatabaseSourceReader.HasDeclaredTypes(source);
        var duckDb = await openDuckDb(cancellationToken).ConfigureAwait(false);
        await using var duckDbScope = duckDb.ConfigureAwait(false);
        var table = PartName(part);
        var definition = string.Join(", ", columns.Select(c => $"{SqlText.Identifier(c.Name)} {c.DuckDbType}"))
            + (ordinals ? $", {SqlText.Identifier(DatabaseSourceReader.RowColumn)} BIGINT" : string.Empty);
        await DatabaseSourceReader.ExecuteAsync(duckDb, $"CREATE TABLE {SqlText.Identifier(parts)}.main.{SqlText.Identifier(table)} ({definition})", cancellationToken)
            .ConfigureAwait(false);
        await DatabaseSourceReader.ExecuteAsync(duckDb, $"CREATE TABLE {SqlText.Identifier(parts)}.main.{SqlText.Identifier(BadName(part))} ({QuarantineAppender.Definition})",
            cancellationToken).ConfigureAwait(false);

        // The serial reader's loop, on this range's own appender.
        long rows;
        using var quarantine = QuarantineAppender.Open(duckDb.CreateAppender(parts, "main", BadName(part)));
        using (var appender = VectorAppender.Create(duckDb, table, parts, "main", keep?.Invoke([.. columns.Select(c => c.Name)])))
        {
            rows = await DatabaseSourceReader.CopyRowsAsync(
                reader, columns, appender, quarantine, DatabaseSourceReader.Origin(source), ordinals, cursor: -1, tracker: null, cancellationToken)
                .ConfigureAwait(false);
            appender.Close();
        }

        return (rows, quarantine.Count);
    }

    /// <summary>
    /// Copies the parts into the staging table and their refused rows into its quarantine table, the ordinals of each
    /// part following those of the parts before it. With rows kept in chunks, the staging table is a view over each
    /// part's chunks and a copy of what the parts spilled.
    /// </summary>
    private static async Task<DatabaseReadResult> CombineAsync(
        DuckDBConnection duckDb,
        string parts,
        string stagingTable,
        SourceSpec source,
        (long Rows, long Bad)[] counts,
        StagedChunks?[] staged,
        CancellationToken cancellationToken)
    {
        var ordinals = DatabaseSourceReader.HasDeclaredTypes(source);
        var selects = new List<string>();
        var bad = new List<string>();
        long offset = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var shift = offset.ToString(CultureInfo.InvariantCulture);
            var row = SqlText.Identifier(DatabaseSourceReader.RowColumn);
            selects.Add(ordinals
                ? $"SELECT * REPLACE ({row} + {shift} AS {row}) FROM {SqlText.Identifier(parts)}.main.{SqlText.Identifier(PartName(i))}"
                : $"SELECT * FROM {SqlText.Identifier(parts)}.main.{SqlText.Identifier(PartName(i))}");
            bad.Add($"SELECT file, line + {shift}, raw, reason FROM {SqlText.Identifier(parts)}.main.{SqlText.Identifier(BadName(i))}");
            offset += counts[i].Rows + counts[i].Bad;
        }

        var staging = SqlText.Identifier(stagingTable);
        var combine = $"CREATE TEMP TABLE {staging} AS {string.Join(" UNION ALL BY NAME ", selects)}; ";
        if (staged.All(s => s is not null))
        {
            var spill = SqlText.Identifier(DatabaseSourceReader.SpillTable(stagingTable));
            combine = $"CREATE TEMP TABLE {spill} AS {string.Join(" UNION ALL BY NAME ", selects)}; " +
                $"CREATE TEMP VIEW {staging} AS {string.Join(" UNION ALL BY NAME ", staged.Select(s => s!.Sql))} UNION ALL BY NAME SELECT * FROM temp.main.{spill}; ";
        }

        await DatabaseSourceReader.ExecuteAsync(duckDb,
            combine +
            $"CREATE OR REPLACE TEMP TABLE {SqlText.Identifier(DatabaseSourceReader.QuarantineTable(stagingTable))} ({QuarantineAppender.Definition}); " +
            $"INSERT INTO {SqlText.Identifier(DatabaseSourceReader.QuarantineTable(stagingTable))} {string.Join(" UNION ALL ", bad)}",
            cancellationToken).ConfigureAwait(false);
        return new DatabaseReadResult(counts.Sum(c => c.Rows), null, counts.Sum(c => c.Bad));
    }

    private static string PartName(int part) => "part_" + part.ToString(CultureInfo.InvariantCulture);

    private static string BadName(int part) => "bad_" + part.ToString(CultureInfo.InvariantCulture);

    private static void AddParameter(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
