namespace Weir.Checks;

/// <summary>Where table profiles are kept, per run, so anomaly and drift checks can read an asset's history.</summary>
public interface IProfileStore
{
    /// <summary>Stores one profile.</summary>
    Task SaveProfileAsync(TableProfile profile, CancellationToken cancellationToken = default);

    /// <summary>The asset's stored profiles, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<TableProfile>> GetProfilesAsync(string asset, int limit, CancellationToken cancellationToken = default);
}
