using Npgsql;
using Weir.Testing;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>
/// A real PostgreSQL server for a test class (see <see cref="PostgresProcess"/>). Missing binaries fail the tests:
/// run <c>eng/services.sh</c> to install them.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private PostgresProcess? _process;

    /// <summary>The connection string of the server's <c>postgres</c> database.</summary>
    public string ConnectionString => _process?.ConnectionString ?? string.Empty;

    public async ValueTask InitializeAsync() =>
        _process = await PostgresProcess.StartAsync(
            "weir-tests", "-c max_connections=50 -c shared_buffers=16MB -c TimeZone=UTC", stopMode: "immediate");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"CREATE DATABASE {name}");
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }
}
