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

        var rows = new List<object?[]>();
        var truncated = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (maxRows is { } max && rows.Count >= max)
            {
                truncated = true;
                break;
            }

            rows.Add(ReadRow(reader, columns.Length));
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

    private static object?[] ReadRow(DbDataReader reader, int fieldCount)
    {
        var row = new object?[fieldCount];
        for (var i = 0; i < fieldCount; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }
}
