using Weir.Checks;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.Graph;
using Weir.Project;
using Weir.Quality.Profiling;

namespace Weir.Quality.Tests.Profiling;

public sealed class AssetProfilerTests : IAsyncLifetime
{
    private readonly ListProfileStore _store = new();
    private DuckDbEngine _engine = null!;

    public async ValueTask InitializeAsync()
    {
        _engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());
        await using var session = await _engine.OpenSessionAsync(TestContext.Current.CancellationToken);
        await session.ExecuteAsync("CREATE TABLE raw AS SELECT range AS id FROM range(3)", TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task ProfileAsync_Source_ProfilesAndSavesWithTheRunId()
    {
        var profile = await Profiler().ProfileAsync(Node(profile: null), "run-7", TestContext.Current.CancellationToken);

        profile.ShouldNotBeNull().RowCount.ShouldBe(3);
        var saved = _store.Saved.ShouldHaveSingleItem();
        saved.ShouldBeSameAs(profile);
        saved.RunId.ShouldBe("run-7");
    }

    [Fact]
    public async Task ProfileAsync_OptedOut_DoesNothing()
    {
        var profile = await Profiler().ProfileAsync(Node(profile: false), "run-7", TestContext.Current.CancellationToken);

        profile.ShouldBeNull();
        _store.Saved.ShouldBeEmpty();
    }

    private AssetProfiler Profiler() => new(new ProfileRunner(_engine), _store);

    private static AssetNode Node(bool? profile) => new(
        new SourceSpec { Name = "raw", Location = new SourceLocation("sources/s.yaml", 1), Format = SourceFormat.Csv, Path = "x.csv", Profile = profile },
        [],
        []);

    private sealed class ListProfileStore : IProfileStore
    {
        public List<TableProfile> Saved { get; } = [];

        public Task SaveProfileAsync(TableProfile profile, CancellationToken cancellationToken = default)
        {
            Saved.Add(profile);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<TableProfile>> GetProfilesAsync(string asset, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TableProfile>>([.. Saved.Where(p => p.Asset == asset).Reverse().Take(limit)]);
    }
}
