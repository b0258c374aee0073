using System.Globalization;
using DuckDB.NET.Data;
using Weir.Engine;

namespace Weir.DuckDb;

/// <summary>
/// The embedded DuckDB engine. One database (a file or in memory) per engine; every session is a
/// connection to it, so sessions see each other's tables.
/// </summary>
public sealed partial class DuckDbEngine : ISqlEngine
{
    private readonly DuckDBConnection _root;

    // For a file database, a new connection with the same connection string joins the database the process already
    // has open (DuckDB.NET shares it per path); Duplicate() only works for in-memory databases.
    private readonly string? _fileConnectionString;
    private long _statementCount;

    private DuckDbEngine(DuckDBConnection root, string? fileConnectionString)
    {
        _root = root;
        _fileConnectionString = fileConnectionString;
    }

    /// <inheritdoc />
    public string Name => "duckdb";

    /// <inheritdoc />
    public long StatementCount => Interlocked.Read(ref _statementCount);

    /// <summary>Opens (or creates) the database.</summary>
    /// <exception cref="DuckDBException">The database cannot be opened (e.g. locked by another process).</exception>
    public static async Task<DuckDbEngine> OpenAsync(DuckDbEngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DatabasePath != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }

        var connectionString = options.ReadOnly
            ? $"Data Source={options.DatabasePath};ACCESS_MODE=READ_ONLY"
            : $"Data Source={options.DatabasePath}";
        var connection = new DuckDBConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var engine = new DuckDbEngine(connection, options.DatabasePath == ":memory:" ? null : connectionString);
        var session = await engine.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        if (options.Threads is { } threads)
        {
            await session.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET threads = {threads}"), cancellationToken)
                .ConfigureAwait(false);
        }

        if (options.MemoryLimit is { } limit)
        {
            await session.ExecuteAsync($"SET memory_limit = {engine.QuoteLiteral(limit)}", cancellationToken).ConfigureAwait(false);
        }

        return engine;
    }

    /// <inheritdoc />
    public string QuoteIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <inheritdoc />
    public string QuoteLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <inheritdoc />
    public async Task<ISqlSession> OpenSessionAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new DuckDbSession(this, connection);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _root.DisposeAsync();

    internal void CountStatement() => Interlocked.Increment(ref _statementCount);

    /// <summary>Opens a new connection to the engine's database (a duplicate of the root connection, opened).</summary>
    internal async Task<DuckDBConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = _fileConnectionString is null ? _root.Duplicate() : new DuckDBConnection(_fileConnectionString);
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
}
