using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>A source database a test writes to (SQLite file or PostgreSQL database), and reads back formatted as the lake's rows are.</summary>
public sealed class SourceDatabase
{
    private SourceDatabase(SourceFormat format, string connectionString)
    {
        Format = format;
        ConnectionString = connectionString;
    }

    public SourceFormat Format { get; }

    public string ConnectionString { get; }

    public static SourceDatabase Sqlite(string file) =>
        new(SourceFormat.Sqlite, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);

    public static SourceDatabase Postgres(string connectionString) => new(SourceFormat.Postgres, connectionString);

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The rows of <paramref name="sql"/>, each as its values joined by '|', NULL for null.</summary>
    public async Task<string[]> RowsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "NULL" : Show(reader.GetValue(i));
            }

            rows.Add(string.Join('|', values));
        }

        return [.. rows];
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken) =>
        long.Parse((await RowsAsync(sql, cancellationToken)).Single(), CultureInfo.InvariantCulture);

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = Format == SourceFormat.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static string Show(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
