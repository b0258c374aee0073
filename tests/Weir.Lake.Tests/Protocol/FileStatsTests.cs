using Weir.Lake.Protocol;

namespace Weir.Lake.Tests.Protocol;

public sealed class FileStatsTests
{
    [Fact]
    public void Parse_NestedStats_ReadsCountsAndPerColumnValues()
    {
        var stats = FileStats.Parse(
            """{"numRecords":3,"tightBounds":false,"minValues":{"id":1,"s":{"l":10}},"maxValues":{"id":9,"name":"z"},"nullCount":{"id":0,"s":{"l":1}}}""");

        stats.ShouldNotBeNull();
        stats.NumRecords.ShouldBe(3);
        stats.TightBounds.ShouldBe(false);
        stats.MinValues["id"].GetInt64().ShouldBe(1);
        stats.MinValues["s"].GetProperty("l").GetInt64().ShouldBe(10);
        stats.MaxValues["name"].GetString().ShouldBe("z");
        stats.NullCount["s"].GetProperty("l").GetInt64().ShouldBe(1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1]")]
    public void Parse_NoStats_ReturnsNull(string? text)
    {
        FileStats.Parse(text).ShouldBeNull();
    }

    [Fact]
    public void Parse_OnlyCount_LeavesColumnsEmpty()
    {
        var stats = FileStats.Parse("""{"numRecords":5}""")!;

        stats.NumRecords.ShouldBe(5);
        stats.TightBounds.ShouldBeNull();
        stats.MinValues.ShouldBeEmpty();
        stats.NullCount.ShouldBeEmpty();
    }
}
