using Weir.DuckDb.Ingest;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class ParallelDatabaseReaderTests
{
    [Fact]
    public void Split_EvenRange_CutsOpenEndedRangesOfNearlyEqualWidth()
    {
        var ranges = ParallelDatabaseReader.Split(1, 100, 4);

        ranges.ShouldBe([(null, 26L), (26L, 51L), (51L, 76L), (76L, null)]);
    }

    [Fact]
    public void Split_NarrowerThanParallelism_OneRangePerValue()
    {
        var ranges = ParallelDatabaseReader.Split(5, 6, 8);

        ranges.ShouldBe([(null, 6L), (6L, null)]);
    }

    [Fact]
    public void Split_SingleValue_ReadsEverythingInOneRange()
    {
        ParallelDatabaseReader.Split(7, 7, 3).ShouldBe([(null, null)]);
    }

    [Fact]
    public void Split_WholeInt64Range_DoesNotOverflow()
    {
        var ranges = ParallelDatabaseReader.Split(long.MinValue, long.MaxValue, 2);

        ranges.ShouldBe([(null, 0L), (0L, null)]);
    }

    [Theory]
    [InlineData(-50, 1_000_000, 3)]
    [InlineData(0, 9, 10)]
    [InlineData(-7, 12, 5)]
    public void Split_AnyRange_EveryValueFallsInExactlyOneRange(long min, long max, int parallelism)
    {
        var ranges = ParallelDatabaseReader.Split(min, max, parallelism);

        foreach (var value in new[] { min, max, (min + max) / 2, min + 1, max - 1, long.MinValue, long.MaxValue })
        {
            ranges.Count(r => (r.Low is null || value >= r.Low) && (r.High is null || value < r.High)).ShouldBe(1, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
