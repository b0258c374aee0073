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

    [Fact]
    public void Analyze_QueryNodeWithoutCteMap_StillWalksPropertiesBeforeIt()
    {
        const string Json = """
            {"error":false,"statements":[{"node":{"type":"SELECT_NODE",
              "modifiers":[{"type":"ORDER_MODIFIER","orders":[{"expression":{"class":"SUBQUERY","subquery":{"node":{
                "type":"SELECT_NODE","from_table":{"type":"BASE_TABLE","table_name":"late","query_location":20}}}}}]}],
              "from_table":{"type":"BASE_TABLE","table_name":"early","query_location":5}}}]}
            """;

        var analysis = SqlReferenceExtractor.Analyze("from early order by (from late)", Json);

        analysis.Tables.Select(t => t.Name).ShouldBe(["early", "late"]);
    }

    [Fact]
    public void Analyze_ConstantHoldingTableShapedValue_IsSkipped()
    {
        const string Json = """
            {"error":false,"statements":[{"node":{"type":"SELECT_NODE","cte_map":{},
              "select_list":[{"class":"CONSTANT","type":"VALUE_CONSTANT","value":{"type":"BASE_TABLE","table_name":"fake"}}],
              "from_table":{"type":"BASE_TABLE","table_name":"real"}}}]}
            """;

        var analysis = SqlReferenceExtractor.Analyze("select 1 from real", Json);

        analysis.Tables.ShouldHaveSingleItem().Name.ShouldBe("real");
    }
}
