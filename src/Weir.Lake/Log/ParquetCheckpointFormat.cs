using Parquet;
using Parquet.Serialization;
using Weir.Lake.Protocol;

namespace Weir.Lake.Log;

/// <summary>
/// Checkpoint files through Parquet.Net, in the protocol's checkpoint schema (<see cref="CheckpointRows"/>).
/// Self-contained, and the default; its first use in a process costs a few hundred milliseconds of JIT, which an engine
/// with a Parquet reader of its own can spare.
/// </summary>
/// <remarks>
/// Reading ignores other columns (<c>stats_parsed</c>, <c>partitionValues_parsed</c>, <c>domainMetadata</c>,
/// <c>commitInfo</c> of old writers, …) and rows without one of the five actions.
/// </remarks>
public sealed class ParquetCheckpointFormat : ICheckpointFormat
{
    private ParquetCheckpointFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static ParquetCheckpointFormat Instance { get; } = new();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeltaAction>> ReadAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(file.ToArray(), writable: false);
        var result = await ParquetSerializer.DeserializeUntypedAsync(stream, new ParquetOptions(), null, cancellationToken).ConfigureAwait(false);
        var actions = new List<DeltaAction>(result.Data.Count);
        foreach (var row in result.Data)
        {
            if (CheckpointRows.ToAction(row) is { } action)
            {
                actions.Add(action);
            }
        }

        return actions;
    }

    /// <inheritdoc/>
    public async Task<byte[]> WriteAsync(IReadOnlyList<DeltaAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var rows = actions.Select(CheckpointRows.ToRow).OfType<IDictionary<string, object?>>().ToList();
        using var buffer = new MemoryStream();
        await ParquetSerializer.SerializeUntypedAsync(rows, CheckpointRows.Schema, buffer,
            new ParquetOptions { CompressionMethod = CompressionMethod.Zstd }, null, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
