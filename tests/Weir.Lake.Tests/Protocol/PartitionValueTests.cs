using Weir.Lake.Protocol;

namespace Weir.Lake.Tests.Protocol;

public sealed class PartitionValueTests
{
    public static TheoryData<string, string, object?> Values => new()
    {
        { "string", "A/A", "A/A" },
        { "string", "", null },
        { "long", "-9", -9L },
        { "integer", "42", 42 },
        { "short", "7", (short)7 },
        { "byte", "-1", (sbyte)-1 },
        { "double", "9.9", 9.9 },
        { "float", "1.5", 1.5f },
        { "decimal(10,2)", "12.34", 12.34m },
        { "boolean", "true", true },
        { "date", "1970-01-02", new DateOnly(1970, 1, 2) },
        { "timestamp", "1970-01-01 00:00:01.123456", new DateTimeOffset(1970, 1, 1, 0, 0, 1, TimeSpan.Zero).AddTicks(1_234_560) },
        { "timestamp", "2021-03-04T05:06:07.5Z", new DateTimeOffset(2021, 3, 4, 5, 6, 7, 500, TimeSpan.Zero) },
        { "timestamp_ntz", "2021-03-04 05:06:07", new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Unspecified) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Parse_SerializedValue_ReturnsTypedValue(string type, string text, object? expected)
    {
        PartitionValue.Parse(text, type).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Format_TypedValue_ParsesBackToItself(string type, string text, object? expected)
    {
        _ = text;
        PartitionValue.Parse(PartitionValue.Format(expected), type).ShouldBe(expected);
    }

    [Fact]
    public void Parse_NullValue_ReturnsNull()
    {
        PartitionValue.Parse(null, "long").ShouldBeNull();
    }

    [Fact]
    public void Parse_Binary_ReturnsEscapedBytes()
    {
        PartitionValue.Parse("\u0001\u0002\u00ff", "binary").ShouldBe(new byte[] { 1, 2, 255 });
    }

    [Fact]
    public void Parse_InvalidNumber_ThrowsFormatExceptionNamingValue()
    {
        Should.Throw<FormatException>(() => PartitionValue.Parse("2021.0", "integer")).Message.ShouldContain("2021.0");
    }

    [Theory]
    [InlineData("x", "A/A", "x=A%2FA")]
    [InlineData("x", "B B", "x=B B")]
    [InlineData("k", null, "k=__HIVE_DEFAULT_PARTITION__")]
    [InlineData("d", "2020-01-01 10:00:00", "d=2020-01-01 10%3A00%3A00")]
    public void ToPathSegment_Value_EscapesLikeHive(string column, string? value, string expected)
    {
        PartitionValue.ToPathSegment(column, value).ShouldBe(expected);
    }

    [Fact]
    public void DeltaPathEncode_HiveFolder_EncodesPercentAndSpaceLikeSpark()
    {
        DeltaPath.Encode("x=A%2FA/x=B B/part-0.parquet").ShouldBe("x=A%252FA/x=B%20B/part-0.parquet");
        DeltaPath.Decode(DeltaPath.Encode("x=A%2FA/ü b.parquet")).ShouldBe("x=A%2FA/ü b.parquet");
    }
}
