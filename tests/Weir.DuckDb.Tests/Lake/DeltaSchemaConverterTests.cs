using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weir.DuckDb.Lake;

namespace Weir.DuckDb.Tests.Lake;

public sealed class DeltaSchemaConverterTests : LakeTestContext
{
    [Theory]
    [InlineData("BOOLEAN", "\"boolean\"")]
    [InlineData("TINYINT", "\"byte\"")]
    [InlineData("SMALLINT", "\"short\"")]
    [InlineData("INTEGER", "\"integer\"")]
    [InlineData("BIGINT", "\"long\"")]
    [InlineData("FLOAT", "\"float\"")]
    [InlineData("DOUBLE", "\"double\"")]
    [InlineData("DECIMAL(10,2)", "\"decimal(10,2)\"")]
    [InlineData("VARCHAR", "\"string\"")]
    [InlineData("BLOB", "\"binary\"")]
    [InlineData("DATE", "\"date\"")]
    [InlineData("TIMESTAMP", "\"timestamp_ntz\"")]
    [InlineData("TIMESTAMP WITH TIME ZONE", "\"timestamp\"")]
    [InlineData("UBIGINT", "\"decimal(20,0)\"")]
    [InlineData("HUGEINT", "\"decimal(38,0)\"")]
    [InlineData("TIMESTAMP_NS", "\"timestamp_ntz\"")]
    [InlineData("UUID", "\"string\"")]
    [InlineData("TIME WITH TIME ZONE", "\"string\"")]
    [InlineData("ENUM('a', 'b(c)')", "\"string\"")]
    [InlineData("INTEGER[]", """{"type":"array","elementType":"integer","containsNull":true}""")]
    [InlineData(
        "MAP(VARCHAR, DOUBLE[])",
        """{"type":"map","keyType":"string","valueType":{"type":"array","elementType":"double","containsNull":true},"""
        + "\"valueContainsNull\":true}")]
    public void ToDeltaType_DuckDbType_MapsToTheDeltaType(string duckDbType, string deltaType)
    {
        DeltaSchemaConverter.ToDeltaType(duckDbType).ShouldBe(deltaType);
    }

    [Fact]
    public void FromDuckDbColumns_NestedStruct_WritesDeltaSchemaJson()
    {
        var schema = DeltaSchemaConverter.FromDuckDbColumns(
            [new("id", "BIGINT"), new("s", "STRUCT(\"in.ner\" INTEGER, \"q\"\"x\" VARCHAR[], plain DATE)")]);

        schema.ShouldBe(Compact("""
            {"type":"struct","fields":[
              {"name":"id","type":"long","nullable":true,"metadata":{}},
              {"name":"s","type":{"type":"struct","fields":[
                {"name":"in.ner","type":"integer","nullable":true,"metadata":{}},
                {"name":"q\"x","type":{"type":"array","elementType":"string","containsNull":true},"nullable":true,"metadata":{}},
                {"name":"plain","type":"date","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}}]}
            """));
    }

    [Fact]
    public void ToDuckDbColumns_SparkSchema_RoundTripsThroughDuckDbTypes()
    {
        var spark = Compact("""
            {"type":"struct","fields":[
              {"name":"a","type":"integer","nullable":true,"metadata":{}},
              {"name":"b","type":{"type":"struct","fields":[{"name":"d","type":"decimal(38,18)","nullable":true,"metadata":{}}]},
               "nullable":true,"metadata":{}},
              {"name":"f","type":{"type":"map","keyType":"string","valueType":"timestamp","valueContainsNull":true},
               "nullable":true,"metadata":{}},
              {"name":"g","type":{"type":"array","elementType":"binary","containsNull":true},"nullable":true,"metadata":{}}]}
            """);

        var columns = DeltaSchemaConverter.ToDuckDbColumns(spark);

        columns.Select(c => c.ToString()).ShouldBe(
            ["a INTEGER", "b STRUCT(\"d\" DECIMAL(38,18))", "f MAP(VARCHAR, TIMESTAMP WITH TIME ZONE)", "g BLOB[]"]);
        DeltaSchemaConverter.FromDuckDbColumns(columns).ShouldBe(spark);
    }

    [Fact]
    public void ToDuckDbType_DeltaTypeJson_ReturnsTheDuckDbType()
    {
        DeltaSchemaConverter.ToDuckDbType("\"timestamp_ntz\"").ShouldBe("TIMESTAMP");
        DeltaSchemaConverter.ToDuckDbType("""{"type":"array","elementType":"short","containsNull":false}""").ShouldBe("SMALLINT[]");
    }

    [Fact]
    public async Task DescribeAsync_Select_ReturnsItsSchemaString()
    {
        var schema = await DeltaSchemaConverter.DescribeAsync(Session, "SELECT 1::INTEGER AS id, [{'k': 'v'}] AS tags", Token);

        schema.ShouldBe(Compact("""
            {"type":"struct","fields":[
              {"name":"id","type":"integer","nullable":true,"metadata":{}},
              {"name":"tags","type":{"type":"array","elementType":{"type":"struct","fields":[
                {"name":"k","type":"string","nullable":true,"metadata":{}}]},"containsNull":true},"nullable":true,"metadata":{}}]}
            """));
    }

    [Fact]
    public async Task DescribeAsync_EveryDuckDbTypeOfATable_ConvertsAndCastsBack()
    {
        await Session.ExecuteAsync(
            """
            CREATE TABLE every_type (b BOOLEAN, t TINYINT, s SMALLINT, i INTEGER, l BIGINT, h HUGEINT, ut UTINYINT, us USMALLINT,
                ui UINTEGER, ub UBIGINT, f FLOAT, d DOUBLE, dec DECIMAL(18,4), v VARCHAR, bl BLOB, dt DATE, tm TIME, ts TIMESTAMP,
                tsz TIMESTAMPTZ, tns TIMESTAMP_NS, iv INTERVAL, u UUID, j JSON, st STRUCT(a INTEGER, "b c" VARCHAR), li INTEGER[],
                ar DOUBLE[3], m MAP(VARCHAR, INTEGER), un UNION(n INTEGER, s VARCHAR))
            """,
            Token);

        var schema = await DeltaSchemaConverter.DescribeAsync(Session, "SELECT * FROM every_type", Token);
        var columns = DeltaSchemaConverter.ToDuckDbColumns(schema);
        var casts = string.Join(", ", columns.Select(c => $"CAST(\"{c.Name}\" AS {c.Type})"));

        (await CountAsync($"SELECT {casts} FROM every_type")).ShouldBe(0);
        columns.Count.ShouldBe(28);
    }

    [Fact]
    public void RequiredTableFeatures_TimestampNtzNested_NamesTheFeature()
    {
        var withNtz = DeltaSchemaConverter.FromDuckDbColumns([new("s", "STRUCT(at TIMESTAMP)")]);
        var without = DeltaSchemaConverter.FromDuckDbColumns([new("at", "TIMESTAMPTZ")]);

        DeltaSchemaConverter.RequiredTableFeatures(withNtz).ShouldBe([DeltaSchemaConverter.TimestampNtzFeature]);
        DeltaSchemaConverter.RequiredTableFeatures(without).ShouldBeEmpty();
    }

    private static string Compact(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
