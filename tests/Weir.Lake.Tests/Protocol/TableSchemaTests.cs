using System.Text.Json;
using Weir.Lake.Protocol;

namespace Weir.Lake.Tests.Protocol;

public sealed class TableSchemaTests
{
    private const string Nested =
        """{"type":"struct","fields":[{"name":"id","type":"long","nullable":false,"metadata":{"comment":"key"}},"""
        + """{"name":"price","type":"decimal(10,2)","nullable":true,"metadata":{}},"""
        + """{"name":"s","type":{"type":"struct","fields":[{"name":"l","type":"long","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}},"""
        + """{"name":"tags","type":{"type":"array","elementType":"string","containsNull":true},"nullable":true,"metadata":{}},"""
        + """{"name":"m","type":{"type":"map","keyType":"string","valueType":"integer","valueContainsNull":true},"nullable":true,"metadata":{}}]}""";

    [Fact]
    public void Parse_NestedSchema_ReadsFieldsTypesAndMetadata()
    {
        var schema = TableSchema.Parse(Nested);

        schema.Fields.Select(f => f.Name).ShouldBe(["id", "price", "s", "tags", "m"]);
        schema.Fields[0].Nullable.ShouldBeFalse();
        schema.Fields[0].Metadata["comment"].GetString().ShouldBe("key");
        schema.Fields[1].Type.ShouldBe("decimal(10,2)");
        schema.Fields[2].IsPrimitive.ShouldBeFalse();
        JsonDocument.Parse(schema.Fields[2].Type).RootElement.GetProperty("type").GetString().ShouldBe("struct");
    }

    [Fact]
    public void ToJson_ParsedSchema_RoundTrips()
    {
        var schema = TableSchema.Parse(Nested);

        var again = TableSchema.Parse(schema.ToJson());

        again.ToJson().ShouldBe(schema.ToJson());
        again.Fields.Select(f => f.ToString()).ShouldBe(schema.Fields.Select(f => f.ToString()));
    }

    [Fact]
    public void DuckDbType_NestedFields_MapToDuckDbNestedTypes()
    {
        var schema = TableSchema.Parse(Nested);

        schema.Fields.Select(f => f.DuckDbType).ShouldBe(
            ["BIGINT", "DECIMAL(10,2)", "STRUCT(\"l\" BIGINT)", "VARCHAR[]", "MAP(VARCHAR, INTEGER)"]);
    }

    [Theory]
    [InlineData("string", "VARCHAR")]
    [InlineData("long", "BIGINT")]
    [InlineData("integer", "INTEGER")]
    [InlineData("short", "SMALLINT")]
    [InlineData("byte", "TINYINT")]
    [InlineData("float", "FLOAT")]
    [InlineData("double", "DOUBLE")]
    [InlineData("boolean", "BOOLEAN")]
    [InlineData("binary", "BLOB")]
    [InlineData("date", "DATE")]
    [InlineData("timestamp", "TIMESTAMPTZ")]
    [InlineData("timestamp_ntz", "TIMESTAMP")]
    [InlineData("decimal(38,10)", "DECIMAL(38,10)")]
    public void ToDuckDbType_Primitive_MapsAndMapsBack(string delta, string duckDb)
    {
        TableSchema.ToDuckDbType(delta).ShouldBe(duckDb);
        TableSchema.ToDeltaType(duckDb).ShouldBe(delta);
    }

    [Theory]
    [InlineData("INT", "integer")]
    [InlineData("text", "string")]
    [InlineData("TIMESTAMP WITH TIME ZONE", "timestamp")]
    [InlineData("NUMERIC(5, 1)", "decimal(5,1)")]
    [InlineData("REAL", "float")]
    public void ToDeltaType_DuckDbAlias_MapsToPrimitive(string duckDb, string delta)
    {
        TableSchema.ToDeltaType(duckDb).ShouldBe(delta);
    }

    [Theory]
    [InlineData("HUGEINT")]
    [InlineData("UUID")]
    [InlineData("DECIMAL(40,2)")]
    public void ToDeltaType_NoDeltaEquivalent_Throws(string duckDb)
    {
        TableSchema.TryToDeltaType(duckDb, out _).ShouldBeFalse();
        Should.Throw<NotSupportedException>(() => TableSchema.ToDeltaType(duckDb));
    }

    [Fact]
    public void Parse_NotAStruct_ThrowsFormatException()
    {
        Should.Throw<FormatException>(() => TableSchema.Parse("""{"type":"array"}"""));
        Should.Throw<FormatException>(() => TableSchema.Parse("not json"));
    }

    [Fact]
    public void Constructor_DuplicateNamesIgnoringCase_Throws()
    {
        Should.Throw<ArgumentException>(() => new TableSchema([new SchemaField("a", "long"), new SchemaField("A", "string")]));
    }
}
