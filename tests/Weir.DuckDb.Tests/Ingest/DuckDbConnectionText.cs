using System.Globalization;
using DuckDB.NET.Data;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>Statements and rows as text on a bare DuckDB connection, for tests below the engine.</summary>
internal static class DuckDbConnectionText
{
    public static async Task ExecuteAsync(this DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Each row as its values joined by '|' (NULL as "NULL", numbers in the invariant culture).</summary>
    public static async Task<List<string>> RowsAsync(this DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i)
                ? "NULL"
                : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
