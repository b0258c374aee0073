using Weir.Lake.Protocol;

namespace Weir.Lake.Log;

/// <summary>
/// Reads and writes the Parquet files of classic checkpoints. <see cref="ParquetCheckpointFormat"/> (Parquet.Net) is
/// the default; an engine that has a Parquet reader of its own loaded can supply one through
/// <see cref="Transactions.DeltaTableOptions.CheckpointFormat"/> or <see cref="DeltaLog"/>'s constructor.
/// </summary>
public interface ICheckpointFormat
{
    /// <summary>
    /// The actions of one checkpoint file (or part): <c>add</c>, <c>remove</c>, <c>txn</c>, <c>metaData</c> and
    /// <c>protocol</c>, in file order; other columns and rows without one of these are ignored.
    /// </summary>
    /// <exception cref="Exception">The file is not a readable checkpoint (the caller reports which part).</exception>
    Task<IReadOnlyList<DeltaAction>> ReadAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default);

    /// <summary>One checkpoint file holding <paramref name="actions"/>, a row each, in the protocol's checkpoint schema.</summary>
    Task<byte[]> WriteAsync(IReadOnlyList<DeltaAction> actions, CancellationToken cancellationToken = default);
}
