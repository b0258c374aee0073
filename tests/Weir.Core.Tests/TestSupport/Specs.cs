using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.TestSupport;

/// <summary>Builds project specs in memory, for tests that start after loading.</summary>
internal static class Specs
{
    public static ModelSpec Model(
        string name, string sql, IReadOnlyList<string>? tags = null, IReadOnlyList<ColumnSpec>? columns = null) => new()
    {
        Name = name,
        Sql = sql,
        SqlFile = $"models/{name}.sql",
        Location = new SourceLocation($"models/{name}.sql", 1),
        Tags = tags ?? [],
        Columns = columns ?? [],
    };

    /// <summary>A model reading each of <paramref name="upstream"/> (one <c>join</c> each).</summary>
    public static ModelSpec Reads(string name, params string[] upstream) =>
        Model(name, upstream.Length == 0 ? "select 1" : "select * from " + string.Join(" join ", upstream));

    public static SourceSpec Source(string name, IReadOnlyList<string>? tags = null, IReadOnlyList<ColumnSpec>? columns = null) => new()
    {
        Name = name,
        Format = SourceFormat.Csv,
        Path = $"data/{name}.csv",
        Location = new SourceLocation("sources/sources.yaml", 2, 5),
        Tags = tags ?? [],
        Columns = columns ?? [],
    };

    public static SeedSpec Seed(string name, IReadOnlyList<string>? tags = null) => new()
    {
        Name = name,
        Path = $"/tmp/{name}.csv",
        Location = new SourceLocation($"seeds/{name}.csv", 1),
        Tags = tags ?? [],
    };

    public static ColumnSpec Relationship(string column, string to, int line) =>
        new(column, null, null,
            [new CheckSpec("relationships", column, CheckSeverity.Error,
                new Dictionary<string, object?> { ["to"] = to, ["field"] = "id" }, new SourceLocation("models/models.yaml", line, 13))],
            new SourceLocation("models/models.yaml", line - 1, 9));

    public static ProjectSpec ProjectOf(IEnumerable<AssetSpec> assets, IReadOnlyList<string>? external = null)
    {
        var all = assets.ToList();
        return new ProjectSpec
        {
            Name = "test",
            RootDirectory = "/tmp/test",
            StateDirectory = "/tmp/test/.weir",
            Lake = new LakeSettings { Root = "/tmp/test/lake" },
            External = external ?? [],
            Sources = [.. all.OfType<SourceSpec>()],
            Seeds = [.. all.OfType<SeedSpec>()],
            Models = [.. all.OfType<ModelSpec>()],
        };
    }
}
