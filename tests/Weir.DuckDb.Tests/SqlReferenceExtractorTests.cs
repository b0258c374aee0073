namespace Weir.DuckDb.Tests;

public sealed class SqlReferenceExtractorTests
{
    [Theory]
    [InlineData("abc", 2, 2)]
    [InlineData("é1", 2, 1)]
    [InlineData("€x", 3, 1)]
    [InlineData("😀x", 4, 2)]
    [InlineData("ab", 10, 2)]
    public void Utf8OffsetToIndex_MultiByteCharacters_CountsUtf16Units(string text, long bytes, int expected)
    {
        SqlReferenceExtractor.Utf8OffsetToIndex(text, bytes).ShouldBe(expected);
    }

    [Theory]
    [InlineData("abc", 2, 2)]
    [InlineData("é1", 1, 1)]
    [InlineData("😀😀x", 2, 4)]
    [InlineData("ab", 10, 2)]
    public void CodePointOffsetToIndex_SurrogatePairs_CountsUtf16Units(string text, long codePoints, int expected)
    {
        SqlReferenceExtractor.CodePointOffsetToIndex(text, codePoints).ShouldBe(expected);
    }

    [Fact]
    public void Analyze_UnknownLocation_LeavesOffsetEmpty()
    {
        const string Json = """
            {"error":false,"statements":[{"node":{"type":"SELECT_NODE",
              "from_table":{"type":"BASE_TABLE","table_name":"t","query_location":18446744073709551615}}}]}
            """;

        var analysis = SqlReferenceExtractor.Analyze("select * from t", Json);

        analysis.Tables.ShouldHaveSingleItem().Offset.ShouldBeNull();
    }
}
