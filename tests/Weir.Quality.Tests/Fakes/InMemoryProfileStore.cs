using Weir.Checks;

namespace Weir.Quality.Tests.Fakes;

/// <summary>Profiles kept in a list, newest last.</summary>
internal sealed class InMemoryProfileStore : IProfileStore
{
    private readonly List<TableProfile> _profiles = [];

    public Task SaveProfileAsync(TableProfile profile, CancellationToken cancellationToken = default)
    {
        lock (_profiles)
        {
            _profiles.Add(profile);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TableProfile>> GetProfilesAsync(string asset, int limit, CancellationToken cancellationToken = default)
    {
        lock (_profiles)
        {
            IReadOnlyList<TableProfile> newestFirst =
                [.. _profiles.Where(p => string.Equals(p.Asset, asset, StringComparison.OrdinalIgnoreCase)).Reverse().Take(limit)];
            return Task.FromResult(newestFirst);
        }
    }
}
