using Weir.DuckDb.Ingest;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class WatermarkTests
{
    public static TheoryData<object> Values() =>
    [
        new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Unspecified),
        new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        new DateOnly(2026, 1, 2),
        (short)7,
        42,
        1234567890123L,
        12.345m,
        0.1,
        "2026-01-02",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Parse_ToParameters_RoundTripsValueAndType(object value)
    {
        var watermark = Watermark.From(value).ShouldNotBeNull();

        var parsed = Watermark.Parse(watermark.ToParameters().ToDictionary()).ShouldNotBeNull();

        parsed.Value.ShouldBe(value);
        parsed.Value.GetType().ShouldBe(value.GetType());
        if (value is DateTime time)
        {
            ((DateTime)parsed.Value).Kind.ShouldBe(time.Kind);
        }
    }

    [Fact]
    public void Max_OlderRowsReadInTheLookback_KeepsTheStoredWatermark()
    {
        var stored = Watermark.From(new DateTime(2026, 1, 1, 4, 0, 0));
        var read = Watermark.From(new DateTime(2026, 1, 1, 3, 45, 0));

        Watermark.Max(stored, read).ShouldBeSameAs(stored);
        Watermark.Max(null, read).ShouldBeSameAs(read);
    }

    [Fact]
    public void Less_Lookback_SubtractsFromTimesAndRefusesNumbers()
    {
        Watermark.From(new DateTime(2026, 1, 1, 4, 0, 0))!.Less(TimeSpan.FromMinutes(30)).ShouldBe(new DateTime(2026, 1, 1, 3, 30, 0));
        Watermark.From(new DateOnly(2026, 1, 3))!.Less(TimeSpan.FromHours(1)).ShouldBe(new DateOnly(2026, 1, 2));
        Watermark.From(5L)!.Less(TimeSpan.FromMinutes(1)).ShouldBeNull();
        Watermark.From(5L)!.Less(null).ShouldBe(5L);
    }

    [Fact]
    public void Parse_WithoutWatermark_ReturnsNull()
    {
        Watermark.Parse(new Dictionary<string, string> { ["mode"] = "Merge" }).ShouldBeNull();
        Watermark.Parse(null).ShouldBeNull();
    }

    [Fact]
    public void Compare_WidenedOrChangedTypes_ComparesWithoutThrowing()
    {
        Watermark.Compare(5, 7L).ShouldBeLessThan(0);
        Watermark.Compare(7.5, 7).ShouldBeGreaterThan(0);
        Watermark.Compare("2026-01-02T00:00:00", new DateTime(2026, 1, 1)).ShouldBeGreaterThan(0);
    }
}
