using Weir.Diagnostics;
using Weir.Project;
using Weir.Runs;
using Reply = Weir.DuckDb.Tests.Ingest.HttpTestServer.Reply;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>An HTTP source whose records change shape between loads, under <c>on_schema_change</c>; its load metrics.</summary>
public sealed class HttpSourceSchemaTests : LakeBuilderContext
{
    private string _body = """[{"id":1,"customer":"ann"}]""";

    [Fact]
    public async Task BuildAsync_RecordsChangeShapeUnderIgnore_KeepTheTableColumns()
    {
        await using var server = new HttpTestServer((_, _) => Reply.Json(_body));
        var source = Api(server, SchemaChangePolicy.Ignore);
        await BuildAsync(source);
        _body = """[{"id":2,"channel":"web"}]""";

        var result = await BuildAsync(source);

        (await DeltaColumnsAsync(source)).ShouldBe(["id long", "customer string"]);
        (await RowsAsync("SELECT id, customer FROM api_orders")).ShouldBe(["2|NULL"]);
        result.SchemaChanges.Select(c => (c.Kind, c.Column)).ShouldBe(
            [(SchemaChangeKind.Missing, "customer"), (SchemaChangeKind.Ignored, "channel")]);
        var load = result.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.DeltaVersion, load.Files).ShouldBe((1L, 1L, (long?)2, (int?)null));
        load.BytesRead.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task BuildAsync_NewFieldUnderFail_FailsAndCommitsNothing()
    {
        await using var server = new HttpTestServer((_, _) => Reply.Json(_body));
        var source = Api(server, SchemaChangePolicy.Fail);
        await BuildAsync(source);
        _body = """[{"id":2,"customer":"bob","channel":"web"}]""";

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(source));

        exception.Message.ShouldContain("(new column \"channel\" string) and on_schema_change is fail; nothing was loaded");
        (await LatestVersionAsync(source)).ShouldBe(1);
        (await RowsAsync("SELECT id, customer FROM api_orders")).ShouldBe(["1|ann"]);
    }

    private static SourceSpec Api(HttpTestServer server, SchemaChangePolicy policy) => new()
    {
        Name = "api_orders",
        Location = new SourceLocation("sources/api.yaml", 3, 5),
        Format = SourceFormat.Http,
        Path = string.Empty,
        OnSchemaChange = policy,
        Http = new HttpSourceSettings { Url = new Uri(server.Url + "orders"), RecordsPath = "$" },
    };
}
