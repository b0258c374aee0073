using System.Numerics;

namespace Weir.Quality.Tests;

public sealed class SampleValuesTests
{
    public static TheoryData<object?, object?> Values => new()
    {
        { null, null },
        { DBNull.Value, null },
        { 7, 7L },
        { (short)3, 3L },
        { 2.5f, 2.5 },
        { new BigInteger(42), 42L },
        { 1.25m, 1.25m },
        { "x", "x" },
        { true, true },
        { new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Unspecified), "2026-11-26" },
        { new DateTime(2026, 11, 26, 5, 4, 3, DateTimeKind.Unspecified), "2026-11-26 05:04:03" },
        { new DateOnly(2026, 1, 2), "2026-01-02" },
        { new TimeOnly(13, 14, 15), "13:14:15" },
        { Guid.Empty, "00000000-0000-0000-0000-000000000000" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Normalize_EngineValue_BecomesAPlainValue(object? value, object? expected) =>
        SampleValues.Normalize(value).ShouldBe(expected);
}
