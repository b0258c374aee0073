using Weir.Checks;
using Weir.Project;

namespace Weir.Quality.Profiling;

/// <summary>Which assets a run profiles after their checks.</summary>
public static class ProfilePolicy
{
    /// <summary>
    /// Whether a run profiles <paramref name="asset"/>: never a view model (profiling would run its query again); an asset
    /// that sets <c>profile:</c> as it says; otherwise sources, and assets with an <c>anomaly</c> or <c>drift</c> check (they
    /// compare against the stored profiles).
    /// </summary>
    public static bool IsProfiled(AssetSpec asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (asset is ModelSpec { Materialized: Materialization.View })
        {
            return false;
        }

        return asset.Profile
            ?? (asset is SourceSpec || asset.AllChecks.Any(c => c.Type is CheckTypes.Anomaly or CheckTypes.Drift));
    }
}
