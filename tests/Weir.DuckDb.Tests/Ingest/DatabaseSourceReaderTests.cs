using Weir.Diagnostics;
using Weir.DuckDb.Ingest;
using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class DatabaseSourceReaderTests
{
    [Fact]
    public void SelectSql_IncrementalTable_QuotesEachPartAndTakesTheWatermarkAsAParameter()
    {
        var sql = DatabaseSourceReader.SelectSql(Source(table: "public.Orders", query: null), fromWatermark: true);

        sql.ShouldBe("SELECT * FROM \"public\".\"Orders\" WHERE \"updated \"\"at\" >= @weir_watermark");
    }

    [Fact]
    public void SelectSql_Query_IsASubqueryWithoutItsSemicolon()
    {
        var sql = DatabaseSourceReader.SelectSql(Source(table: null, query: "SELECT * FROM t;\n"), fromWatermark: false);

        sql.ShouldBe("SELECT * FROM (\nSELECT * FROM t\n) AS weir_source");
    }

    [Fact]
    public void QuoteTable_AlreadyQuoted_IsUsedAsWritten()
    {
        DatabaseSourceReader.QuoteTable("\"my.schema\".orders").ShouldBe("\"my.schema\".orders");
    }

    private static SourceSpec Source(string? table, string? query) => new()
    {
        Name = "orders",
        Location = new SourceLocation("sources/shop.yaml", 3),
        Format = SourceFormat.Postgres,
        Path = string.Empty,
        Connection = "Host=db",
        Table = table,
        Query = query,
        Mode = SourceLoadMode.Incremental,
        Cursor = "updated \"at",
        PrimaryKey = ["id"],
    };
}
