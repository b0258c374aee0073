using Weir.Graph;

namespace Weir.Checks;

/// <summary>
/// Profiles an asset's table after its checks in a run and stores the profile (<see cref="IProfileStore"/>), so anomaly
/// and drift checks of later runs have a history. The implementation decides which assets are profiled.
/// </summary>
public interface IAssetProfiler
{
    /// <summary>
    /// Profiles <paramref name="asset"/> for run <paramref name="runId"/> and stores the profile; returns
    /// <see langword="null"/>, doing nothing, when the asset is not profiled (a view, or not asked for).
    /// </summary>
    /// <remarks>The executor treats an exception as a warning on the asset, never as its failure.</remarks>
    Task<TableProfile?> ProfileAsync(AssetNode asset, string runId, CancellationToken cancellationToken = default);
}
