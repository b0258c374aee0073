using Weir.Checks;
using Weir.Graph;

namespace Weir.Quality.Profiling;

/// <summary>
/// Profiles the assets <see cref="ProfilePolicy"/> selects with a <see cref="ProfileRunner"/> and saves each profile in an
/// <see cref="IProfileStore"/>.
/// </summary>
public sealed class AssetProfiler : IAssetProfiler
{
    private readonly ProfileRunner _runner;
    private readonly IProfileStore _store;

    /// <summary>Creates a profiler.</summary>
    /// <param name="runner">Profiles one table.</param>
    /// <param name="store">Keeps the profiles.</param>
    public AssetProfiler(ProfileRunner runner, IProfileStore store)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(store);
        _runner = runner;
        _store = store;
    }

    /// <inheritdoc />
    public async Task<TableProfile?> ProfileAsync(AssetNode asset, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(runId);
        if (!ProfilePolicy.IsProfiled(asset.Spec))
        {
            return null;
        }

        var profile = await _runner.ProfileAsync(asset.Name, runId, cancellationToken).ConfigureAwait(false);
        await _store.SaveProfileAsync(profile, cancellationToken).ConfigureAwait(false);
        return profile;
    }
}
