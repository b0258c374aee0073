using Weir.Core.Tests.TestSupport;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed class GlobTests : IDisposable
{
    private readonly TempProject _folder = new(new Dictionary<string, string>
    {
        ["data/a.csv"] = "1",
        ["data/b.csv"] = "1",
        ["data/notes.txt"] = "1",
        ["data/2024/01/c.csv"] = "1",
        ["data/2024/d.csv"] = "1",
        ["other/e.csv"] = "1",
    });

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("*.csv", "a.csv", true)]
    [InlineData("*.csv", "dir/a.csv", false)]
    [InlineData("?.csv", "a.csv", true)]
    [InlineData("?.csv", "ab.csv", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbY", false)]
    [InlineData("**/*.csv", "a.csv", true)]
    [InlineData("**/*.csv", "x/y/z/a.csv", true)]
    [InlineData("x/**/a.csv", "x/a.csv", true)]
    [InlineData("x/**/a.csv", "x/1/2/a.csv", true)]
    [InlineData("x/**/a.csv", "y/1/a.csv", false)]
    [InlineData("x/**", "x/1/a.csv", true)]
    [InlineData("x/*/a.csv", "x/1/2/a.csv", false)]
    [InlineData("data.csv", "data.csv", true)]
    [InlineData("data.csv", "data_csv", false)]
    public void IsMatch_PatternAndPath_Matches(string pattern, string path, bool expected)
    {
        Glob.IsMatch(pattern, path).ShouldBe(expected);
    }

    [Theory]
    [InlineData("data/*.csv", new[] { "data/a.csv", "data/b.csv" })]
    [InlineData("data/**/*.csv", new[] { "data/2024/01/c.csv", "data/2024/d.csv", "data/a.csv", "data/b.csv" })]
    [InlineData("data/202?/*.csv", new[] { "data/2024/d.csv" })]
    [InlineData("*/e.csv", new[] { "other/e.csv" })]
    [InlineData("data/a.csv", new[] { "data/a.csv" })]
    [InlineData("./data/../other/*.csv", new[] { "other/e.csv" })]
    [InlineData("data/*.parquet", new string[0])]
    [InlineData("missing/*.csv", new string[0])]
    [InlineData("data/zzz.csv", new string[0])]
    public void Expand_Pattern_ListsMatchingFilesSorted(string pattern, string[] expected)
    {
        var files = Glob.Expand(_folder.Root, pattern);

        files.Select(f => Path.GetRelativePath(_folder.Root, f).Replace('\\', '/')).ShouldBe(expected);
    }

    [Fact]
    public void Expand_AbsolutePattern_IgnoresTheRoot()
    {
        var pattern = Path.Combine(_folder.Root, "other", "*.csv");

        Glob.Expand("/nowhere", pattern).ShouldBe([Path.Combine(_folder.Root, "other", "e.csv")]);
    }
}
