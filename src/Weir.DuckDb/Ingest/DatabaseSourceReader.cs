using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using Weir.DuckDb.Lake;
using Weir.Project;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// Reads a PostgreSQL or SQLite source through ADO.NET and streams its rows into DuckDB's vectors, a chunk of 2,048 rows
/// at a time: kept in memory as <see cref="StagedChunks"/> up to their budget, or appended to a staging table.
/// </summary>
internal static class DatabaseSourceReader
{
    private const string WatermarkParameter = "weir_watermark";
    private const string TableParameter = "weir_table";

    /// <summary>
    /// Creates <paramref name="stagingTable"/> (a TEMP table) on <paramref name="duckDb"/> with the result's columns and
    /// appends every row of the source; with <paramref name="from"/>, only rows whose cursor is at or past it.
    /// With <paramref name="keep"/>, the rows stay in DuckDB chunks in memory instead (up to its budget; the rest goes
    /// to the TEMP table <see cref="SpillTable"/>) and <paramref name="stagingTable"/> is a TEMP view over both.
    /// </summary>
    /// <exception cref="DbException">The source database refused the connection or the query.</exception>
    /// <exception cref="InvalidOperationException">The cursor column is not in the result.</exception>
    public static async Task<DatabaseReadResult> ReadAsync(
        DuckDBConnection duckDb, string stagingTable, SourceSpec source, string projectRoot, object? from, CancellationToken cancellationToken,
        Func<IReadOnlyList<string>, StagedChunks>? keep = null)
    {
        var connection = await OpenAsync(source, projectRoot, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var primaryKey = await PrimaryKeyAsync(connection, source, cancellationToken).ConfigureAwait(false);
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = SelectSql(source, from is not null);
        // The read may take long on a big table: it ends when done or canceled, not after a fixed time.
        command.CommandTimeout = 0;
        if (from is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = WatermarkParameter;
            parameter.Value = from;
            command.Parameters.Add(parameter);
        }

        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var columns = SourceColumn.Describe(reader, source.Format == SourceFormat.Sqlite);
        var cursor = -1;
        if (source.Cursor is { } cursorName)
        {
            cursor = FindColumn(columns, cursorName);
            if (cursor < 0)
            {
                throw new InvalidOperationException(
                    $"the cursor column \"{cursorName}\" is not in the rows read; its columns are {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}");
            }
        }

        // With declared types, each row keeps its ordinal, so a value that then fails its cast is quarantined with it.
        var ordinals = HasDeclaredTypes(source);
        var definition = string.Join(", ", columns.Select(c => $"{SqlText.Identifier(c.Name)} {c.DuckDbType}"))
            + (ordinals ? $", {SqlText.Identifier(RowColumn)} BIGINT" : string.Empty);
        var staged = keep?.Invoke([.. columns.Select(c => c.Name)]);
        var table = staged is null ? stagingTable : SpillTable(stagingTable);
        await ExecuteAsync(duckDb, $"CREATE TEMP TABLE {SqlText.Identifier(table)} ({definition})", cancellationToken).ConfigureAwait(false);

        var origin = Origin(source);
        using var quarantine = await QuarantineAppender.CreateAsync(duckDb, QuarantineTable(stagingTable), cancellationToken).ConfigureAwait(false);
        var tracker = cursor >= 0 ? CursorTracker.For(columns[cursor]) : null;
        long rows;
        using (var appender = VectorAppender.Create(duckDb, table, keep: staged))
        {
            rows = await CopyRowsAsync(reader, columns, appender, quarantine, origin, ordinals, cursor, tracker, cancellationToken).ConfigureAwait(false);
            appender.Close();
        }

        if (staged is not null)
        {
            await ExecuteAsync(
                duckDb,
                $"CREATE TEMP VIEW {SqlText.Identifier(stagingTable)} AS {staged.Sql} UNION ALL SELECT * FROM temp.main.{SqlText.Identifier(table)}",
                cancellationToken).ConfigureAwait(false);
        }

        return new DatabaseReadResult(rows, tracker?.Max, quarantine.Count, KeysAreUnique(source, columns, primaryKey));
    }

    /// <summary>The TEMP table that receives the rows past the in-memory budget of a read kept in chunks.</summary>
    internal static string SpillTable(string stagingTable) => stagingTable + "_spill";

    /// <summary>Runs one statement on <paramref name="duckDb"/>.</summary>
    internal static async Task ExecuteAsync(DuckDBConnection duckDb, string sql, CancellationToken cancellationToken)
    {
        var command = duckDb.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Appends every row of <paramref name="reader"/>: each value read with its typed getter straight into DuckDB's vectors.
    /// A row with a value the driver refuses (a NaN numeric, a numeric wider than the column, text in a SQLite numeric column)
    /// goes to <paramref name="quarantine"/> as JSON with the column and the reason instead, and the load goes on; with
    /// <paramref name="ordinals"/> each row also gets its position in the read (from 1), so a later cast failure names it.
    /// A quarantined row's cursor counts toward the maximum too (it was read), unless the cursor is the refused value.
    /// </summary>
    /// <returns>The rows appended.</returns>
    internal static async Task<long> CopyRowsAsync(
        DbDataReader reader,
        IReadOnlyList<SourceColumn> columns,
        VectorAppender appender,
        QuarantineAppender quarantine,
        string origin,
        bool ordinals,
        int cursor,
        CursorTracker? tracker,
        CancellationToken cancellationToken)
    {
        var all = columns.ToArray();
        // SQLite's driver reads text in a numeric column as 0 instead of refusing it: such columns are checked first.
        var refusable = Enumerable.Range(0, all.Length).Where(i => all[i].MayRefuse).ToArray();
        long rows = 0;
        long ordinal = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ordinal++;
            if (refusable.Length > 0 && Refused(reader, all, refusable, origin, ordinal, quarantine))
            {
                tracker?.TryObserve(reader, cursor);
                continue;
            }

            var i = 0;
            try
            {
                for (; i < all.Length; i++)
                {
                    if (i == cursor)
                    {
                        tracker!.AppendAndObserve(reader, i, appender, i);
                    }
                    else
                    {
                        all[i].Append(reader, i, appender, i);
                    }
                }
            }
            catch (Exception ex) when (IsBadValue(ex))
            {
                // The row's values written so far are overwritten by the next row; its cursor, if not read yet, still counts.
                if (i < cursor)
                {
                    tracker?.TryObserve(reader, cursor);
                }

                quarantine.Add(origin, ordinal, QuarantineAppender.RawJson(reader), QuarantineAppender.Reason(all[i].Name, ex));
                continue;
            }

            if (ordinals)
            {
                appender.Append(all.Length, ordinal);
            }

            appender.EndRow();
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// Checks the row's refusable columns; a refused value sends the row (as JSON) to the quarantine with the column and
    /// the reason, and the row is skipped.
    /// </summary>
    private static bool Refused(
        DbDataReader reader, SourceColumn[] columns, int[] refusable, string origin, long ordinal, QuarantineAppender quarantine)
    {
        foreach (var i in refusable)
        {
            try
            {
                columns[i].Validate(reader, i);
            }
            catch (Exception ex) when (IsBadValue(ex))
            {
                quarantine.Add(origin, ordinal, QuarantineAppender.RawJson(reader), QuarantineAppender.Reason(columns[i].Name, ex));
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The primary key columns of a PostgreSQL table source merged on a key (none for a query, a view, a table without
    /// one, or SQLite, whose primary keys may hold NULLs and need not be unique).
    /// </summary>
    private static async Task<IReadOnlyList<string>> PrimaryKeyAsync(DbConnection connection, SourceSpec source, CancellationToken cancellationToken)
    {
        if (source.Format != SourceFormat.Postgres || source.Mode != SourceLoadMode.Incremental || source.Table is not { } table
            || source.PrimaryKey.Count == 0)
        {
            return [];
        }

        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText =
            "SELECT a.attname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) " +
            $"WHERE i.indisprimary AND i.indrelid = to_regclass(@{TableParameter})";
        var parameter = command.CreateParameter();
        parameter.ParameterName = TableParameter;
        parameter.Value = QuoteTable(table);
        command.Parameters.Add(parameter);
        var names = new List<string>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }

        return names;
    }

    /// <summary>
    /// Whether the table's primary key lies within the declared key, so the rows of one read cannot repeat a declared key.
    /// A declared type on a key column voids it: a cast can make two values one.
    /// </summary>
    private static bool KeysAreUnique(SourceSpec source, IReadOnlyList<SourceColumn> columns, IReadOnlyList<string> primaryKey)
    {
        if (primaryKey.Count == 0)
        {
            return false;
        }

        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in source.PrimaryKey)
        {
            var index = FindColumn(columns, key);
            if (index < 0 || source.Columns.Any(c => !string.IsNullOrWhiteSpace(c.Type) && string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            declared.Add(columns[index].Name);
        }

        return primaryKey.All(declared.Contains);
    }

    /// <summary>The staging table's row-ordinal column (with declared types): the row's position in the read, from 1.</summary>
    internal const string RowColumn = "__weir_row";

    /// <summary>The TEMP table that receives the rows of <paramref name="stagingTable"/>'s read that could not be loaded.</summary>
    internal static string QuarantineTable(string stagingTable) => stagingTable + "_bad";

    /// <summary>Whether the source declares column types (cast after staging, so a failing value quarantines its row).</summary>
    internal static bool HasDeclaredTypes(SourceSpec source) => source.Columns.Any(c => !string.IsNullOrWhiteSpace(c.Type));

    /// <summary>Where a quarantined row came from: the table's name, or the file and line of the source's query.</summary>
    internal static string Origin(SourceSpec source) => source.Table ?? source.Location.ToString();

    /// <summary>The exceptions drivers throw for a value they cannot give in the column's type: the row is bad, not the load.</summary>
    internal static bool IsBadValue(Exception exception) =>
        exception is FormatException or InvalidCastException or OverflowException or ArgumentOutOfRangeException;

    /// <summary>The statement that reads the source: its table or its query as a subquery, filtered on the cursor.</summary>
    internal static string SelectSql(SourceSpec source, bool fromWatermark)
    {
        var relation = source.Table is { } table ? QuoteTable(table) : $"(\n{TrimQuery(source.Query!)}\n) AS weir_source";
        var sql = $"SELECT * FROM {relation}";
        if (fromWatermark)
        {
            sql += $" WHERE {QuoteIdentifier(source.Cursor!)} >= @{WatermarkParameter}";
        }

        return sql;
    }

    /// <summary>
    /// A table name as written, quoted part by part (<c>public.orders</c> is <c>"public"."orders"</c>); a name that already
    /// holds a double quote is used as written.
    /// </summary>
    internal static string QuoteTable(string table) =>
        table.Contains('"', StringComparison.Ordinal)
            ? table
            : string.Join(".", table.Split('.').Select(part => QuoteIdentifier(part.Trim())));

    /// <summary>Standard SQL identifier quoting, which both PostgreSQL and SQLite follow.</summary>
    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string TrimQuery(string query) => query.TrimEnd().TrimEnd(';', ' ', '\t', '\r', '\n');

    private static int FindColumn(IReadOnlyList<SourceColumn> columns, string name)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            var comparison = pass == 0 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            for (var i = 0; i < columns.Count; i++)
            {
                if (string.Equals(columns[i].Name, name, comparison))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    internal static async Task<DbConnection> OpenAsync(SourceSpec source, string projectRoot, CancellationToken cancellationToken)
    {
        // Npgsql pools connections per connection string, so successive loads of a source reuse one.
        DbConnection connection = source.Format == SourceFormat.Postgres
            ? new NpgsqlConnection(source.Connection)
            : new SqliteConnection(SqliteConnectionString(source.Connection!, projectRoot));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A relative SQLite file is relative to the project, as every path in a project is.</summary>
    private static string SqliteConnectionString(string connectionString, string projectRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource;
        if (!string.IsNullOrEmpty(file) && !string.Equals(file, ":memory:", StringComparison.Ordinal)
            && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(file))
        {
            builder.DataSource = Path.Combine(projectRoot, file);
        }

        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            // A missing file is an error, not a new empty database.
            builder.Mode = SqliteOpenMode.ReadOnly;
        }

        return builder.ToString();
    }
}
