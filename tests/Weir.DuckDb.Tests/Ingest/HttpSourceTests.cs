using System.Net;
using Weir.Diagnostics;
using Weir.Project;
using Reply = Weir.DuckDb.Tests.Ingest.HttpTestServer.Reply;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class HttpSourceTests : LakeBuilderContext
{
    private const string Secret = "Bearer s3cr3t-token";

    private static readonly string[] s_sixOrders = ["1|ann", "2|bob", "3|cy", "4|dee", "5|eve", "6|fay"];

    private DuckDbAssetBuilder FastBuilder => new(Engine, Root, Lake) { HttpRetryDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task BuildAsync_PagePagination_LoadsEveryPageUntilAnEmptyOne()
    {
        await using var server = new HttpTestServer((request, _) => Page(request.QueryString["page"]));
        var source = Api(server, new HttpSourceSettings
        {
            Url = new Uri(server.Url + "orders?status=open"),
            Headers = new Dictionary<string, string> { ["Authorization"] = Secret },
            RecordsPath = "data.items",
            Pagination = HttpPaginationStyle.Page,
            PageParameter = "page",
            SizeParameter = "per_page",
            PageSize = 2,
        });

        var result = await FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token);

        result.Action.ShouldStartWith("loaded 6 rows from 4 pages (0 retries)");
        result.Rows.ShouldBe(6);
        (await RowsAsync("SELECT id, customer FROM main.api_orders ORDER BY id")).ShouldBe(s_sixOrders);
        server.Requests.ShouldBe([
            "/orders?status=open&page=1&per_page=2", "/orders?status=open&page=2&per_page=2",
            "/orders?status=open&page=3&per_page=2", "/orders?status=open&page=4&per_page=2"]);
        server.Authorizations.ShouldAllBe(a => a == Secret);
    }

    [Fact]
    public async Task BuildAsync_OffsetPagination_AdvancesByTheRecordsRead()
    {
        await using var server = new HttpTestServer((request, _) =>
            Page((int.Parse(request.QueryString["offset"]!, System.Globalization.CultureInfo.InvariantCulture) / 2 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var source = Api(server, new HttpSourceSettings
        {
            Url = new Uri(server.Url + "orders"),
            RecordsPath = "data.items",
            Pagination = HttpPaginationStyle.Offset,
            PageParameter = "offset",
            SizeParameter = "limit",
            PageSize = 2,
        });

        var result = await FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token);

        result.Rows.ShouldBe(6);
        server.Requests.ShouldBe(["/orders?offset=0&limit=2", "/orders?offset=2&limit=2", "/orders?offset=4&limit=2", "/orders?offset=6&limit=2"]);
    }

    [Fact]
    public async Task BuildAsync_CursorPagination_FollowsTheCursorUntilThereIsNone()
    {
        await using var server = new HttpTestServer((request, _) => request.QueryString["after"] switch
        {
            null => Reply.Json("""{"results":[{"id":1,"customer":"ann"},{"id":2,"customer":"bob"}],"meta":{"next":"c2"}}"""),
            "c2" => Reply.Json("""{"results":[{"id":3,"customer":"cy"},{"id":4,"customer":"dee"}],"meta":{"next":"c4"}}"""),
            _ => Reply.Json("""{"results":[{"id":5,"customer":"eve"},{"id":6,"customer":"fay"}],"meta":{"next":null}}"""),
        });
        var source = Api(server, new HttpSourceSettings
        {
            Url = new Uri(server.Url + "orders"),
            RecordsPath = "results",
            Pagination = HttpPaginationStyle.Cursor,
            PageParameter = "after",
            NextPath = "meta.next",
        });

        var result = await FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token);

        result.Action.ShouldStartWith("loaded 6 rows from 3 pages");
        (await RowsAsync("SELECT id, customer FROM main.api_orders ORDER BY id")).ShouldBe(s_sixOrders);
        server.Requests.ShouldBe(["/orders", "/orders?after=c2", "/orders?after=c4"]);
    }

    [Fact]
    public async Task BuildAsync_NextLinkPagination_FollowsRelativeAndAbsoluteLinks()
    {
        HttpTestServer? self = null;
        await using var server = new HttpTestServer((request, _) => request.Url!.AbsolutePath switch
        {
            "/v1/orders" => Reply.Json("""{"items":[{"id":1,"customer":"ann"},{"id":2,"customer":"bob"}],"links":{"next":"orders/p2"}}"""),
            "/v1/orders/p2" => Reply.Json($$$"""{"items":[{"id":3,"customer":"cy"},{"id":4,"customer":"dee"}],"links":{"next":"{{{self!.Url}}}v1/last"}}"""),
            _ => Reply.Json("""{"items":[{"id":5,"customer":"eve"},{"id":6,"customer":"fay"}],"links":{}}"""),
        });
        self = server;
        var source = Api(server, new HttpSourceSettings
        {
            Url = new Uri(server.Url + "v1/orders"),
            RecordsPath = "items",
            Pagination = HttpPaginationStyle.NextLink,
            NextPath = "links.next",
        });

        var result = await FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token);

        result.Rows.ShouldBe(6);
        server.Requests.ShouldBe(["/v1/orders", "/v1/orders/p2", "/v1/last"]);
    }

    [Fact]
    public async Task BuildAsync_TooManyRequestsWithRetryAfter_RetriesAndLoadsTheRowsOnce()
    {
        await using var server = new HttpTestServer((request, count) => count == 1
            ? new Reply((int)HttpStatusCode.TooManyRequests, """{"error":"slow down"}""", RetryAfter: "1")
            : Page(request.QueryString["page"]));
        var source = Api(server, PageSettings(server));

        var result = await FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token);

        result.Action.ShouldStartWith("loaded 6 rows from 4 pages (1 retry)");
        (await RowsAsync("SELECT id, customer FROM main.api_orders ORDER BY id")).ShouldBe(s_sixOrders);
        server.Requests.Take(2).ShouldBe(["/orders?page=1", "/orders?page=1"]);
    }

    [Fact]
    public async Task BuildAsync_ServerErrorOnce_RetriesAndLoads()
    {
        await using var server = new HttpTestServer((request, count) => count == 2
            ? new Reply(500, "oops")
            : Page(request.QueryString["page"]));
        var source = Api(server, PageSettings(server));

        var result = await FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token);

        result.Action.ShouldStartWith("loaded 6 rows from 4 pages (1 retry)");
        result.Rows.ShouldBe(6);
        server.Requests.Count.ShouldBe(5);
    }

    [Fact]
    public async Task BuildAsync_ServerErrorForever_FailsNamingTheUrlWithoutTheSecret()
    {
        await using var server = new HttpTestServer((_, _) => new Reply(500, "oops"));
        var source = Api(server, PageSettings(server, retries: 2));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token));

        exception.Message.ShouldContain($"GET {server.Url}orders answered 500");
        exception.Message.ShouldContain("after 2 retries");
        exception.Message.ShouldNotContain("s3cr3t");
        server.Requests.Count.ShouldBe(3);
        server.Authorizations.ShouldAllBe(a => a == Secret);
    }

    [Fact]
    public async Task BuildAsync_RecordsAreNotAnArray_FailsNamingThePath()
    {
        await using var server = new HttpTestServer((_, _) => Reply.Json("""{"data":{"items":{"id":1}}}"""));
        var source = Api(server, PageSettings(server));

        var exception = await Should.ThrowAsync<AssetBuildException>(() => FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token));

        exception.Message.ShouldContain("the records at 'data.items'");
        exception.Message.ShouldContain("not an array");
    }

    [Fact]
    public async Task BuildAsync_DeclaredColumnTypes_AreCastAndMissingFieldsAreNull()
    {
        await using var server = new HttpTestServer((_, count) => count == 1
            ? Reply.Json("""{"data":{"items":[{"id":"7","customer":"ann"},{"id":"8","note":"x"}]}}""")
            : Reply.Json("""{"data":{"items":[]}}"""));
        var source = Api(server, PageSettings(server), [Column("id", "BIGINT"), Column("customer", null)]);

        var result = await FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token);

        result.Rows.ShouldBe(2);
        (await RowsAsync("SELECT typeof(id), id, customer, note FROM main.api_orders ORDER BY id")).ShouldBe(["BIGINT|7|ann|NULL", "BIGINT|8|NULL|x"]);
    }

    [Fact]
    public async Task BuildAsync_RecordsThatCannotBeRows_AreQuarantinedWithPageAndIndex()
    {
        string[] bodies =
        [
            """{"data":{"items":[{"id":"1","customer":"ann"},42,{"id":"x","customer":"bob"}]}}""",
            """{"data":{"items":[{"id":"3","customer":"cy"}]}}""",
            """{"data":{"items":[]}}""",
        ];
        await using var server = new HttpTestServer((_, count) => Reply.Json(bodies[Math.Min(count, 3) - 1]));
        var source = Api(server, PageSettings(server), [Column("id", "BIGINT")]);

        var result = await FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token);

        result.Action.ShouldStartWith("loaded 2 rows from 3 pages");
        result.Action.ShouldContain("quarantined 2 rows (see api_orders__quarantine)");
        var load = result.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined).ShouldBe((4, 2, 2));
        load.RowsRead.ShouldBe(load.RowsLoaded + load.RowsQuarantined);
        load.BytesRead.ShouldBe(bodies.Sum(b => System.Text.Encoding.UTF8.GetByteCount(b)));
        (await RowsAsync("SELECT id, customer FROM main.api_orders ORDER BY id")).ShouldBe(["1|ann", "3|cy"]);
        (await RowsAsync("SELECT file, line, raw, reason FROM main.api_orders__quarantine ORDER BY line")).ShouldBe([
            $"{server.Url}orders page 1|2|42|the record is number, not an object",
            $$"""{{server.Url}}orders page 1|3|{"id":"x","customer":"bob"}|column "id": "x" is not BIGINT""",
        ]);
    }

    [Fact]
    public async Task BuildAsync_BadRecordsOverMaxBadRows_CommitNothing()
    {
        await using var server = new HttpTestServer((_, count) => count == 1
            ? Reply.Json("""{"data":{"items":[{"id":"1"},{"id":"x"},{"id":"y"}]}}""")
            : Reply.Json("""{"data":{"items":[]}}"""));
        var api = Api(server, PageSettings(server), [Column("id", "BIGINT")]);
        var source = new SourceSpec
        {
            Name = api.Name,
            Location = api.Location,
            Format = api.Format,
            Path = string.Empty,
            Columns = api.Columns,
            Http = api.Http,
            MaxBadRows = BadRowLimit.TryParse("50%"),
        };

        var exception = await Should.ThrowAsync<AssetBuildException>(() => FastBuilder.BuildAsync(new Graph.AssetNode(source, [], []), Token));

        exception.Message.ShouldContain("2 rows of 3 rows read could not be loaded, over max_bad_rows (50%); nothing was loaded");
        (await Lake.TryOpenAsync(source, Token)).ShouldBeNull();
        Directory.Exists(Path.Combine(LakeRoot, "raw", "api_orders__quarantine")).ShouldBeFalse();
    }

    private static HttpSourceSettings PageSettings(HttpTestServer server, int retries = 3) => new()
    {
        Url = new Uri(server.Url + "orders"),
        Headers = new Dictionary<string, string> { ["Authorization"] = Secret },
        RecordsPath = "data.items",
        Pagination = HttpPaginationStyle.Page,
        PageParameter = "page",
        Retries = retries,
    };

    private static SourceSpec Api(HttpTestServer server, HttpSourceSettings settings, IReadOnlyList<ColumnSpec>? columns = null)
    {
        _ = server;
        return new SourceSpec
        {
            Name = "api_orders",
            Location = new SourceLocation("sources/api.yaml", 3, 5),
            Format = SourceFormat.Http,
            Path = string.Empty,
            Columns = columns ?? [],
            Http = settings,
        };
    }

    /// <summary>Six orders, two per page, over pages 1 to 3; any later page is empty.</summary>
    private static Reply Page(string? page) => page switch
    {
        "1" => Reply.Json("""{"data":{"items":[{"id":1,"customer":"ann"},{"id":2,"customer":"bob"}]}}"""),
        "2" => Reply.Json("""{"data":{"items":[{"id":3,"customer":"cy"},{"id":4,"customer":"dee"}]}}"""),
        "3" => Reply.Json("""{"data":{"items":[{"id":5,"customer":"eve"},{"id":6,"customer":"fay"}]}}"""),
        _ => Reply.Json("""{"data":{"items":[]}}"""),
    };
}
