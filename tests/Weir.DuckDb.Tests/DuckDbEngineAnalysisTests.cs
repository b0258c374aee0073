using Weir.Engine;

namespace Weir.DuckDb.Tests;

public sealed class DuckDbEngineAnalysisTests : IAsyncLifetime
{
    private DuckDbEngine _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task AnalyzeAsync_SimpleSelect_ReportsTableWithOffset()
    {
        var analysis = await AnalyzeAsync("select a, b from orders");

        analysis.Success.ShouldBeTrue();
        analysis.IsSingleQuery.ShouldBeTrue();
        analysis.Error.ShouldBeNull();
        var table = analysis.Tables.ShouldHaveSingleItem();
        table.Name.ShouldBe("orders");
        table.Schema.ShouldBeNull();
        table.Catalog.ShouldBeNull();
        table.Offset.ShouldBe(17);
    }

    [Fact]
    public async Task AnalyzeAsync_Joins_ReportsEveryTableInTextOrder()
    {
        var sql = "select * from orders o join customers c on o.cid = c.id left join payments p using (oid)";

        var analysis = await AnalyzeAsync(sql);

        Names(analysis).ShouldBe(["orders", "customers", "payments"]);
        analysis.Tables[1].Offset.ShouldBe(sql.IndexOf("customers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_SchemaAndCatalogQualified_KeepsParts()
    {
        var analysis = await AnalyzeAsync("select * from main.orders, db.main.items");

        analysis.Tables.Count.ShouldBe(2);
        analysis.Tables[0].Schema.ShouldBe("main");
        analysis.Tables[0].Catalog.ShouldBeNull();
        analysis.Tables[0].QualifiedName.ShouldBe("main.orders");
        analysis.Tables[1].QualifiedName.ShouldBe("db.main.items");
    }

    [Fact]
    public async Task AnalyzeAsync_QuotedNameWithSpacesAndCase_KeepsNameAsWritten()
    {
        var analysis = await AnalyzeAsync("select * from \"Order Items\" oi join \"MixedCase\" m on oi.id = m.id");

        Names(analysis).ShouldBe(["Order Items", "MixedCase"]);
        analysis.Tables[0].Offset.ShouldBe(14);
    }

    [Fact]
    public async Task AnalyzeAsync_NonAsciiText_ReportsOffsetsInCharacters()
    {
        var sql = "select 'héllo😀' as x from \"tëst\" t, ü";

        var analysis = await AnalyzeAsync(sql);

        analysis.Tables[0].Offset.ShouldBe(sql.IndexOf("\"tëst\"", StringComparison.Ordinal));
        analysis.Tables[1].Offset.ShouldBe(sql.IndexOf('ü', StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_SubqueriesInWhereSelectAndOrderBy_ReportsTheirTables()
    {
        var sql = """
            select (select max(x) from scalar_t) as m
            from base_t
            where exists (select 1 from exists_t where exists_t.id = base_t.id)
              and id in (select id from in_t)
              and v = any (select v from any_t)
            order by (select 1 from order_t)
            """;

        var analysis = await AnalyzeAsync(sql);

        Names(analysis).ShouldBe(["scalar_t", "base_t", "exists_t", "in_t", "any_t", "order_t"]);
    }

    [Fact]
    public async Task AnalyzeAsync_SetOperations_ReportsEveryBranch()
    {
        var analysis = await AnalyzeAsync(
            "select * from t1 union select * from t2 except select * from t3 intersect select * from t4 union all from t5");

        Names(analysis).ShouldBe(["t1", "t2", "t3", "t4", "t5"]);
    }

    [Fact]
    public async Task AnalyzeAsync_CteNamedLikeAModel_ShadowsTheModel()
    {
        var analysis = await AnalyzeAsync("with orders as (select * from raw_orders) select * from orders");

        Names(analysis).ShouldBe(["raw_orders"]);
    }

    [Fact]
    public async Task AnalyzeAsync_CteShadowing_IsCaseInsensitiveButNotForQualifiedNames()
    {
        var analysis = await AnalyzeAsync("with Orders as (select 1) select * from ORDERS, main.orders");

        Names(analysis).ShouldBe(["main.orders"]);
    }

    [Fact]
    public async Task AnalyzeAsync_CteReferencingEarlierCte_ReportsOnlyRealTables()
    {
        var analysis = await AnalyzeAsync(
            "with a as (select * from t1), b as (select * from a join t2 using (id)) select * from b");

        Names(analysis).ShouldBe(["t1", "t2"]);
    }

    [Fact]
    public async Task AnalyzeAsync_CteBodyReadingLaterCteName_ReportsTheTable()
    {
        var analysis = await AnalyzeAsync("with a as (select * from b), b as (select 1) select * from a, b");

        Names(analysis).ShouldBe(["b"]);
        analysis.Tables[0].Offset.ShouldBe(25);
    }

    [Fact]
    public async Task AnalyzeAsync_RecursiveCte_ShadowsItsOwnName()
    {
        var analysis = await AnalyzeAsync(
            "with recursive r as (select 1 as n from seeds union all select n + 1 from r where n < 3) select * from r");

        Names(analysis).ShouldBe(["seeds"]);
    }

    [Fact]
    public async Task AnalyzeAsync_NestedWithScopes_ShadowOnlyInsideTheirQuery()
    {
        var sql = """
            with a as (select * from src_a)
            select * from a
            union all
            (with b as (select * from a) select * from b)
            union all
            select * from (with o as (select * from src_o) select * from o) q, o, b
            """;

        var analysis = await AnalyzeAsync(sql);

        Names(analysis).ShouldBe(["src_a", "src_o", "o", "b"]);
        analysis.Tables[2].Offset.ShouldBe(sql.LastIndexOf(" o,", StringComparison.Ordinal) + 1);
    }

    [Fact]
    public async Task AnalyzeAsync_CteInsideSubqueryOfMainQuery_SeesOuterCte()
    {
        var analysis = await AnalyzeAsync(
            "with c as (select 1 as id) select * from t where id in (select id from c) and exists (select 1 from c, u)");

        Names(analysis).ShouldBe(["t", "u"]);
    }

    [Fact]
    public async Task AnalyzeAsync_OrderBySubqueryReadingCte_SeesTheCte()
    {
        var analysis = await AnalyzeAsync(
            "with c as (select 1 as id) select * from t order by (select max(id) from c), (select 1 from u) limit 3");

        Names(analysis).ShouldBe(["t", "u"]);
    }

    [Fact]
    public async Task AnalyzeAsync_Lateral_ReportsBothSides()
    {
        var analysis = await AnalyzeAsync("select * from t1, lateral (select * from t2 where t2.id = t1.id) s");

        Names(analysis).ShouldBe(["t1", "t2"]);
    }

    [Fact]
    public async Task AnalyzeAsync_TableFunctions_ReportsFunctionsAndTablesInTheirArguments()
    {
        var analysis = await AnalyzeAsync(
            "select * from read_csv((select path from files)) r, range(10) g, READ_CSV('x.csv') r2 join other using (id)");

        analysis.TableFunctions.ShouldBe(["read_csv", "range"]);
        Names(analysis).ShouldBe(["files", "other"]);
    }

    [Fact]
    public async Task AnalyzeAsync_PivotWithInList_ReportsSource()
    {
        var analysis = await AnalyzeAsync("select * from (pivot sales on year in (2020, 2021) using sum(amount)) p");

        analysis.IsSingleQuery.ShouldBeTrue();
        Names(analysis).ShouldBe(["sales"]);
    }

    [Fact]
    public async Task AnalyzeAsync_SameTableTwice_ReportsItOnceAtFirstOccurrence()
    {
        var analysis = await AnalyzeAsync("select * from orders where id in (select id from ORDERS) union select * from Orders");

        var table = analysis.Tables.ShouldHaveSingleItem();
        table.Name.ShouldBe("orders");
        table.Offset.ShouldBe(14);
    }

    [Fact]
    public async Task AnalyzeAsync_StringLiteralLookingLikeATable_IsIgnored()
    {
        var analysis = await AnalyzeAsync("select {'type': 'BASE_TABLE', 'table_name': 'zz'} as s, 'from zz' from t");

        Names(analysis).ShouldBe(["t"]);
    }

    [Fact]
    public async Task AnalyzeAsync_SyntaxError_ReportsMessageAndOffset()
    {
        var sql = "select a,\n  b\nfrm orders";

        var analysis = await AnalyzeAsync(sql);

        analysis.Success.ShouldBeFalse();
        analysis.IsSingleQuery.ShouldBeFalse();
        analysis.Error.ShouldNotBeNull().ShouldContain("syntax error at or near \"orders\"");
        analysis.ErrorOffset.ShouldBe(sql.IndexOf("orders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_SyntaxErrorAfterNonAsciiText_ReportsOffsetInCharacters()
    {
        var sql = "select 'éééé😀😀' as x, y z w from t";

        var analysis = await AnalyzeAsync(sql);

        analysis.Success.ShouldBeFalse();
        analysis.ErrorOffset.ShouldBe(sql.IndexOf(" w ", StringComparison.Ordinal) + 1);
    }

    [Fact]
    public async Task AnalyzeAsync_SyntaxErrorAtEnd_ReportsEndOffset()
    {
        var analysis = await AnalyzeAsync("select * from t where");

        analysis.Success.ShouldBeFalse();
        analysis.Error.ShouldBe("syntax error at end of input");
        analysis.ErrorOffset.ShouldBe(21);
    }

    [Fact]
    public async Task AnalyzeAsync_NonSelectStatement_ParsesButIsNotASingleQuery()
    {
        var analysis = await AnalyzeAsync("create table x as select * from t");

        analysis.Success.ShouldBeTrue();
        analysis.IsSingleQuery.ShouldBeFalse();
        analysis.Error.ShouldNotBeNull().ShouldStartWith("not a single SELECT");
        analysis.Tables.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnalyzeAsync_TwoStatements_IsNotASingleQuery()
    {
        var analysis = await AnalyzeAsync("select * from a; select * from b");

        analysis.Success.ShouldBeTrue();
        analysis.IsSingleQuery.ShouldBeFalse();
        analysis.Error.ShouldBe("not a single SELECT: the text holds 2 statements");
        Names(analysis).ShouldBe(["a", "b"]);
    }

    [Fact]
    public async Task AnalyzeAsync_EmptyText_IsNotASingleQuery()
    {
        var analysis = await AnalyzeAsync("  -- nothing here\n");

        analysis.Success.ShouldBeTrue();
        analysis.IsSingleQuery.ShouldBeFalse();
        analysis.Error.ShouldBe("not a single SELECT: the text holds no statement");
    }

    [Fact]
    public async Task AnalyzeAsync_ManyTexts_ReturnsOneAnalysisPerTextInOrder()
    {
        var texts = Enumerable.Range(0, 1500)
            .Select(i => i % 7 == 0 ? $"selec {i}" : $"select * from t_{i} join u using (id)")
            .ToArray();

        var analyses = await _engine.AnalyzeAsync(texts, TestContext.Current.CancellationToken);

        analyses.Count.ShouldBe(texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            if (i % 7 == 0)
            {
                analyses[i].Success.ShouldBeFalse();
            }
            else
            {
                Names(analyses[i]).ShouldBe([$"t_{i}", "u"]);
            }
        }
    }

    [Fact]
    public async Task AnalyzeAsync_NoTexts_ReturnsEmpty()
    {
        var analyses = await _engine.AnalyzeAsync([], TestContext.Current.CancellationToken);

        analyses.ShouldBeEmpty();
    }

    private async Task<SqlAnalysis> AnalyzeAsync(string sql)
    {
        var analyses = await _engine.AnalyzeAsync([sql], TestContext.Current.CancellationToken);
        return analyses.ShouldHaveSingleItem();
    }

    private static string[] Names(SqlAnalysis analysis) => analysis.Tables.Select(t => t.QualifiedName).ToArray();
}
