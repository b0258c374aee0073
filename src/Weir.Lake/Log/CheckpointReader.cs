using Weir.Lake.Protocol;
using Weir.Storage;

namespace Weir.Lake.Log;

/// <summary>Reads the actions of a checkpoint, part after part, through an <see cref="ICheckpointFormat"/>.</summary>
internal static class CheckpointReader
{
    /// <exception cref="InvalidDataException">A part is missing or is not a readable checkpoint.</exception>
    public static async Task<List<DeltaAction>> ReadAsync(
        IObjectStore store, CheckpointFiles checkpoint, ICheckpointFormat format, CancellationToken cancellationToken)
    {
        var actions = new List<DeltaAction>();
        foreach (var key in checkpoint.Keys)
        {
            var bytes = await store.GetAsync(key!, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"The checkpoint part '{key}' disappeared.");
            try
            {
                actions.AddRange(await format.ReadAsync(bytes, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException and not InvalidDataException)
            {
                throw new InvalidDataException($"The checkpoint part '{key}' is not a readable Parquet checkpoint: {e.Message}", e);
            }
        }

        return actions;
    }
}
