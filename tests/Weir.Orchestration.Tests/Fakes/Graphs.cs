using Weir.Diagnostics;
using Weir.Graph;
using Weir.Project;

namespace Weir.Orchestration.Fakes;

/// <summary>Builds small asset graphs from <c>"a", "b:a", "c:a,b"</c> (name, then the upstreams after a colon).</summary>
internal static class Graphs
{
    public static AssetGraph Of(params string[] assets) => Of(assets, static _ => null, static _ => null);

    public static AssetGraph Of(string[] assets, Func<string, int?> retries, Func<string, TimeSpan?> timeout) =>
        new(assets.Select(a =>
        {
            var parts = a.Split(':');
            var name = parts[0];
            var upstream = parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            return new AssetNode(Model(name, retries(name), timeout(name)), [.. upstream.Order(StringComparer.Ordinal)], []);
        }));

    public static AssetGraph Wide(int count) => Of([.. Enumerable.Range(0, count).Select(i => $"a{i:D4}")]);

    public static AssetGraph Chain(int count) =>
        Of([.. Enumerable.Range(0, count).Select(i => i == 0 ? "a0000" : $"a{i:D4}:a{i - 1:D4}")]);

    private static ModelSpec Model(string name, int? retries, TimeSpan? timeout) => new()
    {
        Name = name,
        Location = new SourceLocation($"models/{name}.sql", 1),
        Sql = "select 1",
        SqlFile = $"models/{name}.sql",
        Retries = retries,
        Timeout = timeout,
    };
}
