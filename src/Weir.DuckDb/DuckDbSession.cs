using System.Data.Common;
using DuckDB.NET.Data;
using Weir.Engine;

namespace Weir.DuckDb;

/// <summary>One DuckDB connection, sharing the engine's database.</summary>
internal sealed class DuckDbSession : ISqlSession
{
    private readonly DuckDBConnection _connection;
    private readonly DuckDbEngine _engine;

    internal DuckDbSession(DuckDbEngine engine, DuckDBConnection connection)
    {
        _engine = engine;
        _connection = connection;
    }

    internal DuckDBConnection Connection => _connection;

    public async Task<long> ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        _engine.CountStatement();
        var command = _connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = sql;
        using var registration = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueryResult> QueryAsync(string sql, int? maxRows = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        _engine.CountStatement();
        var command = _connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = sql;
        using var registration = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var columns = new QueryColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new QueryColumn(reader.GetName(i), reader.GetDataTypeName(i));
        }

        var scales = DecimalScales(reader);
        var rows = new List<object?[]>();
        var truncated = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (maxRows is { } max && rows.Count >= max)
            {
                truncated = true;
                break;
            }

            rows.Add(ReadRow(reader, columns.Length, scales));
        }

        return new QueryResult(columns, rows, truncated);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        _engine.CountStatement();
        var command = _connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = sql;
        using var registration = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static object?[] ReadRow(DbDataReader reader, int fieldCount, byte[]? scales)
    {
        var row = new object?[fieldCount];
        for (var i = 0; i < fieldCount; i++)
        {
            var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
            // A zero of the column's scale restores the trailing zeros (10.50, not 10.5): a decimal keeps the larger scale of a sum.
            row[i] = scales is not null && scales[i] > 0 && value is decimal number ? number + new decimal(0, 0, 0, false, scales[i]) : value;
        }

        return row;
    }

    /// <summary>
    /// The scale of each DECIMAL column, or <see langword="null"/> when there is none. DuckDB.NET gives the values of
    /// DECIMAL(p &gt; 18, s) (a sum of decimals, say) without their trailing zeros; the scale brings them back.
    /// </summary>
    private static byte[]? DecimalScales(DbDataReader reader)
    {
        if (!Enumerable.Range(0, reader.FieldCount).Any(i => reader.GetFieldType(i) == typeof(decimal)))
        {
            return null;
        }

        var scales = new byte[reader.FieldCount];
        foreach (System.Data.DataRow column in reader.GetSchemaTable()!.Rows)
        {
            if (column["ColumnOrdinal"] is int ordinal && column["NumericScale"] is byte scale and > 0 and <= 28 && reader.GetFieldType(ordinal) == typeof(decimal))
            {
                scales[ordinal] = scale;
            }
        }

        return scales;
    }
}
