using System.Text;
using DuckDB.NET.Data;
using Weir.Lake.Log;
using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Delta checkpoint files through DuckDB's own Parquet reader and writer, on a private in-memory DuckDB: native code the
/// engine has loaded anyway, so the first checkpoint a process reads or writes does not cost Parquet.Net's JIT
/// (≈ 150–350 ms, once per process: every CLI command on a table with a checkpoint paid it). Rows are read as JSON
/// objects of their columns (<c>to_json</c>) and written from JSON lines cast to the protocol's checkpoint schema (maps
/// as Parquet MAP <c>key_value</c>, lists as 3-level LIST, as Spark writes them); <see cref="CheckpointJson"/> maps both.
/// </summary>
public sealed class DuckDbCheckpointFormat : ICheckpointFormat
{
    // The checkpoint schema's columns, in the order Weir has always written them (the same as ParquetCheckpointFormat).
    private const string Columns = """
        txn: 'STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)',
        "add": 'STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, tags MAP(VARCHAR, VARCHAR), stats VARCHAR)',
        remove: 'STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT)',
        metaData: 'STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT)',
        protocol: 'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])'
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DuckDBConnection? _connection;

    private DuckDbCheckpointFormat()
    {
    }

    /// <summary>The process's instance (one small in-memory DuckDB, opened on first use, one statement at a time).</summary>
    public static DuckDbCheckpointFormat Shared { get; } = new();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeltaAction>> ReadAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default)
    {
        var path = TempPath(".parquet");
        try
        {
            await WriteFileAsync(path, file, cancellationToken).ConfigureAwait(false);
            var actions = new List<DeltaAction>();
            await RunAsync(
                $"SELECT to_json(t)::VARCHAR FROM read_parquet({SqlText.Literal(path)}) AS t",
                async command =>
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            if (CheckpointJson.ParseRow(Encoding.UTF8.GetBytes(reader.GetString(0))) is { } action)
                            {
                                actions.Add(action);
                            }
                        }
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return actions;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]> WriteAsync(IReadOnlyList<DeltaAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var json = TempPath(".json");
        var parquet = TempPath(".parquet");
        try
        {
            await WriteFileAsync(json, CheckpointJson.WriteRows(actions), cancellationToken).ConfigureAwait(false);
            await RunAsync(
                $"""
                COPY (SELECT txn, "add", remove, metaData, protocol
                      FROM read_json({SqlText.Literal(json)}, format = 'newline_delimited', columns = {"{"}{Columns}{"}"}))
                TO {SqlText.Literal(parquet)} (FORMAT parquet, COMPRESSION zstd)
                """,
                command => command.ExecuteNonQueryAsync(cancellationToken),
                cancellationToken).ConfigureAwait(false);
            return await File.ReadAllBytesAsync(parquet, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(json);
            File.Delete(parquet);
        }
    }

    private async Task RunAsync(string sql, Func<DuckDBCommand, Task> run, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                var connection = new DuckDBConnection("DataSource=:memory:");
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                // A checkpoint is small: one thread serves it.
                var setup = connection.CreateCommand();
                await using (setup.ConfigureAwait(false))
                {
                    setup.CommandText = "SET threads = 1";
                    await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                _connection = connection;
            }

            var command = _connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                using var registration = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
                await run(command).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task WriteFileAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string TempPath(string extension) =>
        Path.Combine(Path.GetTempPath(), "weir-checkpoint-" + Guid.NewGuid().ToString("N") + extension);
}
