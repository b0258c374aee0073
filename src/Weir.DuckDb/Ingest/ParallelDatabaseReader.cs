using System.Data.Common;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using DuckDB.NET.Data;
using Weir.DuckDb.Lake;
using Weir.Project;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// A full refresh read by key range: the split column's minimum and maximum are queried, cut into
/// <see cref="SourceSpec.Parallelism"/> ranges (the first also takes the rows whose split value is NULL, the first and
/// last are open-ended so no row escapes), and each range is read on its own connection at the same time. The readers
/// hand rows in batches to one DuckDB appender on the build's connection, so the staging table is the same as a serial
/// read's and lands in the same single commit.
/// </summary>
internal static class ParallelDatabaseReader
{
    private const int BatchRows = 2048;
    private const string LowParameter = "weir_low";
    private const string HighParameter = "weir_high";

    /// <summary>Reads the source into the TEMP table <paramref name="stagingTable"/>, as <see cref="DatabaseSourceReader.ReadAsync"/> does.</summary>
    /// <exception cref="DbException">The source database refused a connection or a query.</exception>
    /// <exception cref="InvalidOperationException">The split column does not hold integers.</exception>
    public static async Task<DatabaseReadResult> ReadAsync(
        DuckDBConnection duckDb, string stagingTable, SourceSpec source, string projectRoot, CancellationToken cancellationToken)
    {
        var (min, max) = await RangeAsync(source, projectRoot, cancellationToken).ConfigureAwait(false);
        if (min is null || max is null)
        {
            // No non-null split value: nothing to split.
            return await DatabaseSourceReader.ReadAsync(duckDb, stagingTable, source, projectRoot, null, cancellationToken).ConfigureAwait(false);
        }

        var ranges = Split(min.Value, max.Value, source.Parallelism);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(ranges.Count * 2) { SingleReader = true });
        var producers = new Task[ranges.Count];
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            var first = i == 0;
            producers[i] = Task.Run(() => ProduceAsync(source, projectRoot, range, first, channel.Writer, cancel.Token), cancel.Token);
        }

        _ = CompleteWhenDoneAsync(producers, channel.Writer);
        try
        {
            return await ConsumeAsync(duckDb, stagingTable, source, channel.Reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(producers).ConfigureAwait(false);
            }
            catch (Exception) when (producers.Any(p => p.IsFaulted))
            {
                // The reader that failed says why; the others were canceled because of it.
            }

            if (producers.FirstOrDefault(p => p.IsFaulted)?.Exception?.InnerException is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            throw;
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

    private static async Task ProduceAsync(
        SourceSpec source, string projectRoot, (long? Low, long? High) range, bool withNulls, ChannelWriter<Batch> writer,
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
        if (withNulls)
        {
            where = $"({where}) OR {split} IS NULL";
        }

        command.CommandText = $"SELECT * FROM (\n{DatabaseSourceReader.SelectSql(source, fromWatermark: false)}\n) AS weir_part WHERE {where}";
        command.CommandTimeout = 0;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var columns = SourceColumn.Describe(reader, source.Format == SourceFormat.Sqlite);
        var batch = new Batch(columns);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var values = new object?[columns.Count];
            var i = 0;
            try
            {
                for (; i < values.Length; i++)
                {
                    values[i] = columns[i].Read(reader, i);
                }

                batch.Rows.Add(values);
            }
            catch (Exception ex) when (DatabaseSourceReader.IsBadValue(ex))
            {
                batch.Bad.Add((QuarantineAppender.RawJson(reader), QuarantineAppender.Reason(columns[i].Name, ex)));
            }

            if (batch.Rows.Count + batch.Bad.Count >= BatchRows)
            {
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = new Batch(columns);
            }
        }

        // Always one batch per range, so the consumer learns the columns even when every range is empty.
        await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DatabaseReadResult> ConsumeAsync(
        DuckDBConnection duckDb, string stagingTable, SourceSpec source, ChannelReader<Batch> batches, CancellationToken cancellationToken)
    {
        var ordinals = DatabaseSourceReader.HasDeclaredTypes(source);
        var origin = DatabaseSourceReader.Origin(source);
        using var quarantine = await QuarantineAppender.CreateAsync(duckDb, DatabaseSourceReader.QuarantineTable(stagingTable), cancellationToken)
            .ConfigureAwait(false);
        DuckDBAppender? appender = null;
        long rows = 0;
        long ordinal = 0;
        try
        {
            await foreach (var batch in batches.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (appender is null)
                {
                    var definition = string.Join(", ", batch.Columns.Select(c => $"{SqlText.Identifier(c.Name)} {c.DuckDbType}"))
                        + (ordinals ? $", {SqlText.Identifier(DatabaseSourceReader.RowColumn)} BIGINT" : string.Empty);
                    var create = duckDb.CreateCommand();
                    await using (create.ConfigureAwait(false))
                    {
                        create.CommandText = $"CREATE TEMP TABLE {SqlText.Identifier(stagingTable)} ({definition})";
                        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    appender = duckDb.CreateAppender(stagingTable);
                }

                foreach (var values in batch.Rows)
                {
                    ordinal++;
                    var row = appender.CreateRow();
                    foreach (var value in values)
                    {
                        SourceColumn.Append(row, value);
                    }

                    if (ordinals)
                    {
                        row.AppendValue(ordinal);
                    }

                    row.EndRow();
                }

                rows += batch.Rows.Count;
                foreach (var (raw, reason) in batch.Bad)
                {
                    quarantine.Add(origin, ++ordinal, raw, reason);
                }
            }
        }
        finally
        {
            appender?.Dispose();
        }

        return new DatabaseReadResult(rows, null, quarantine.Count);
    }

    private static async Task CompleteWhenDoneAsync(Task[] producers, ChannelWriter<Batch> writer)
    {
        try
        {
            await Task.WhenAll(producers).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    private static void AddParameter(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Rows one range reader hands over at once, with the reader's columns.</summary>
    private sealed class Batch(IReadOnlyList<SourceColumn> columns)
    {
        public IReadOnlyList<SourceColumn> Columns { get; } = columns;

        public List<object?[]> Rows { get; } = new(BatchRows);

        public List<(string Raw, string Reason)> Bad { get; } = [];
    }
}
