using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Weir.Catalog;
using Weir.Server.Tests.TestSupport;

namespace Weir.Server.Tests;

public sealed class WeirServerTests : IDisposable
{
    private readonly List<PushProject> _projects = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_Health_ReturnsOk()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var response = await client.GetAsync("/health", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("\"ok\"");
        server.Addresses.ShouldAllBe(a => a.Host == "127.0.0.1");
        project.ShouldNotBeNull();
    }

    [Fact]
    public async Task Ingest_MissingToken_Returns401AndLandsNothing()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var response = await client.PostAsync("/api/ingest/events", Json("[{\"id\":1,\"amount\":2}]"), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await project.CountAsync("events", Cancel)).Rows.ShouldBe(0);
    }

    [Fact]
    public async Task Ingest_WrongToken_Returns401AndLandsNothing()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var response = await SendAsync(client, "events", "not-the-token", Json("[{\"id\":1,\"amount\":2}]"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await project.CountAsync("events", Cancel)).Rows.ShouldBe(0);
    }

    [Fact]
    public async Task Ingest_UnknownSource_AnswersAsAWrongTokenDoes()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var unknown = await SendAsync(client, "no_such_source", project.Token, Json("[{\"id\":1}]"));
        var wrong = await SendAsync(client, "events", "wrong", Json("[{\"id\":1}]"));

        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await unknown.Content.ReadAsStringAsync(Cancel)).ShouldBe(await wrong.Content.ReadAsStringAsync(Cancel));
        (await unknown.Content.ReadAsStringAsync(Cancel)).ShouldNotContain(project.Token);
    }

    [Fact]
    public async Task Ingest_JsonArray_AcknowledgesTheCommittedRows()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var response = await SendAsync(client, "events", project.Token,
            Json("[{\"id\":1,\"amount\":1.5},{\"id\":2,\"amount\":2.5},{\"id\":3,\"amount\":3}]"));

        var ack = await AckAsync(response);
        ack.GetProperty("rows").GetInt64().ShouldBe(3);
        ack.GetProperty("loaded").GetInt64().ShouldBe(3);
        ack.GetProperty("quarantined").GetInt64().ShouldBe(0);
        ack.GetProperty("duplicate").GetBoolean().ShouldBeFalse();
        ack.GetProperty("version").GetInt64().ShouldBeGreaterThan(0);
        (await project.RowsAsync("events", "id, amount", Cancel)).ShouldBe(["1|1.5", "2|2.5", "3|3.0"]);
    }

    [Fact]
    public async Task Ingest_SingleObject_LandsOneRow()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var ack = await AckAsync(await SendAsync(client, "events", project.Token, Json("{\"id\":7,\"amount\":70}")));

        ack.GetProperty("rows").GetInt64().ShouldBe(1);
        ack.GetProperty("loaded").GetInt64().ShouldBe(1);
        (await project.RowsAsync("events", "id, amount", Cancel)).ShouldBe(["7|70.0"]);
    }

    [Fact]
    public async Task Ingest_Ndjson_LandsEveryLine()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var ack = await AckAsync(await SendAsync(client, "events", project.Token, Ndjson(PushProject.Ndjson(500))));

        ack.GetProperty("rows").GetInt64().ShouldBe(500);
        ack.GetProperty("loaded").GetInt64().ShouldBe(500);
        (await project.CountAsync("events", Cancel)).ShouldBe((500, 500));
    }

    [Fact]
    public async Task Ingest_BadRows_GoToQuarantineWithTheirLines()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;
        var body = "{\"id\":1,\"amount\":1}\n{\"id\":2,\"amount\":\n\n{\"id\":4,\"amount\":\"abc\"}\n[1,2]\n{\"id\":6,\"amount\":6}\n";

        var request = Ndjson(Encoding.UTF8.GetBytes(body));
        var ack = await AckAsync(await SendAsync(client, "events", project.Token, request, key: "batch-with-bad-rows"));

        var read = ack.GetProperty("rows").GetInt64();
        var loaded = ack.GetProperty("loaded").GetInt64();
        var quarantined = ack.GetProperty("quarantined").GetInt64();
        read.ShouldBe(5);
        (loaded + quarantined).ShouldBe(read);
        loaded.ShouldBe(2);
        quarantined.ShouldBe(3);
        ack.GetProperty("quarantine").GetString().ShouldBe("events__quarantine");
        (await project.CountAsync("events", Cancel)).Rows.ShouldBe(loaded);
        var bad = await project.RowsAsync("events__quarantine", "line, file, reason", Cancel);
        bad.Count.ShouldBe(3);
        bad[0].ShouldStartWith("2|batch-with-bad-rows|not valid JSON");
        bad[1].ShouldStartWith("4|batch-with-bad-rows|column \"amount\": \"abc\" is not DOUBLE");
        bad[2].ShouldStartWith("5|batch-with-bad-rows|not a JSON object");
    }

    [Fact]
    public async Task Ingest_JsonArrayWithBadElements_QuarantinesThemByIndex()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var ack = await AckAsync(await SendAsync(client, "events", project.Token, Json("[{\"id\":1,\"amount\":1},\"text\",{\"id\":\"x\",\"amount\":3}]")));

        (ack.GetProperty("loaded").GetInt64() + ack.GetProperty("quarantined").GetInt64()).ShouldBe(ack.GetProperty("rows").GetInt64());
        ack.GetProperty("quarantined").GetInt64().ShouldBe(2);
        var lines = await project.RowsAsync("events__quarantine", "line", Cancel);
        lines.ShouldBe(["2", "3"]);
    }

    [Fact]
    public async Task Ingest_OverMaxBadRows_Returns422AndCommitsNothing()
    {
        var (project, server, client) = await StartAsync("    max_bad_rows: 1\n");
        await using var serverScope = server;
        using var clientScope = client;
        var body = "{\"id\":1,\"amount\":1}\n{\"id\":\"two\",\"amount\":2}\nnope\n";

        var response = await SendAsync(client, "events", project.Token, Ndjson(Encoding.UTF8.GetBytes(body)), key: "k-422");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        error.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("2 rows of 3 rows could not be loaded, over max_bad_rows (1 row); nothing was committed");
        error.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt64()).ShouldBe([2L, 3L]);
        (await project.CountAsync("events", Cancel)).Rows.ShouldBe(0);
        (await project.CountAsync("events__quarantine", Cancel)).Rows.ShouldBe(0);
    }

    [Fact]
    public async Task Ingest_SameIdempotencyKeyTwice_LandsOnce()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;
        var body = PushProject.Ndjson(10);

        var first = await AckAsync(await SendAsync(client, "events", project.Token, Ndjson(body), key: "order-batch-1"));
        var second = await AckAsync(await SendAsync(client, "events", project.Token, Ndjson(body), key: "order-batch-1"));

        first.GetProperty("duplicate").GetBoolean().ShouldBeFalse();
        second.GetProperty("duplicate").GetBoolean().ShouldBeTrue();
        second.GetProperty("version").GetInt64().ShouldBe(first.GetProperty("version").GetInt64());
        second.GetProperty("loaded").GetInt64().ShouldBe(10);
        (await project.CountAsync("events", Cancel)).ShouldBe((10, 10));
    }

    [Fact]
    public async Task Ingest_SameIdempotencyKeyWithAnotherBody_Is422AndLandsNothing()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;
        await AckAsync(await SendAsync(client, "events", project.Token, Ndjson(PushProject.Ndjson(5)), key: "order-batch-2"));

        using var response = await SendAsync(client, "events", project.Token, Ndjson(PushProject.Ndjson(7)), key: "order-batch-2");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("already landed a different batch");
        (await project.CountAsync("events", Cancel)).ShouldBe((5, 5));
    }

    [Fact]
    public async Task Ingest_DifferentKeys_LandBoth()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        await AckAsync(await SendAsync(client, "events", project.Token, Ndjson(PushProject.Ndjson(5)), key: "a"));
        await AckAsync(await SendAsync(client, "events", project.Token, Ndjson(PushProject.Ndjson(5, first: 6)), key: "b"));

        (await project.CountAsync("events", Cancel)).ShouldBe((10, 10));
    }

    [Fact]
    public async Task Ingest_ConcurrentBatchesToOneSource_AllLand()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            SendAsync(client, "events", project.Token, Ndjson(PushProject.Ndjson(20, first: (i * 20) + 1)), key: $"parallel-{i}")));

        foreach (var response in responses)
        {
            await AckAsync(response);
        }

        (await project.CountAsync("events", Cancel)).ShouldBe((120, 120));
    }

    [Fact]
    public async Task Ingest_PrimaryKey_MergesByKey()
    {
        var (project, server, client) = await StartAsync("    primary_key: [id]\n");
        await using var serverScope = server;
        using var clientScope = client;

        await AckAsync(await SendAsync(client, "events", project.Token, Json("[{\"id\":1,\"amount\":1},{\"id\":2,\"amount\":2}]")));
        await AckAsync(await SendAsync(client, "events", project.Token, Json("[{\"id\":2,\"amount\":20},{\"id\":3,\"amount\":3},{\"id\":3,\"amount\":30}]")));

        (await project.RowsAsync("events", "id, amount", Cancel)).ShouldBe(["1|1.0", "2|20.0", "3|30.0"]);
    }

    [Fact]
    public async Task Ingest_OtherContentType_Returns415()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var response = await SendAsync(client, "events", project.Token, new StringContent("id,amount\n1,2\n", Encoding.UTF8, "text/csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Ingest_BodyNotJson_Returns400()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        var json = await SendAsync(client, "events", project.Token, Json("this is not json"));
        var ndjson = await SendAsync(client, "events", project.Token, Ndjson("neither\nis this\n"u8.ToArray()));

        json.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ndjson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await project.CountAsync("events", Cancel)).Rows.ShouldBe(0);
    }

    [Fact]
    public async Task Ingest_BodyOverTheLimit_Returns413AndCommitsNothing()
    {
        var (project, server, client) = await StartAsync(maxBody: 4096);
        await using var serverScope = server;
        using var clientScope = client;

        var response = await SendAsync(client, "events", project.Token, Ndjson(PushProject.Ndjson(1000)));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await project.CountAsync("events", Cancel)).Rows.ShouldBe(0);
    }

    [Fact]
    public async Task Ingest_LandedBatch_IsRecordedAsAPushRun()
    {
        var (project, server, client) = await StartAsync();
        await using var serverScope = server;
        using var clientScope = client;

        await AckAsync(await SendAsync(client, "events", project.Token, Json("[{\"id\":1,\"amount\":1},{\"id\":2,\"amount\":2}]")));

        await using var store = await SqliteRunStore.OpenAsync(Path.Combine(project.Load().StateDirectory, WeirServer.MetadataFileName), Cancel);
        var runs = await store.ListRunsAsync(10, Cancel);
        var run = (await store.GetRunAsync(runs.ShouldHaveSingleItem().RunId, Cancel)).ShouldNotBeNull();
        run.Command.ShouldBe("push");
        run.Status.ShouldBe(Runs.RunStatus.Succeeded);
        var asset = run.Assets.ShouldHaveSingleItem();
        asset.Asset.ShouldBe("events");
        asset.Rows.ShouldBe(2);
    }

    [Fact]
    public async Task StartAsync_StagingOfAKilledServer_IsDeletedAndALiveOnesKept()
    {
        var (project, first, client) = await StartAsync();
        await using var firstScope = first;
        using var clientScope = client;
        var staging = WeirServer.StagingFolder(project.Load());
        var abandoned = Path.Combine(staging, "killed-server");
        Directory.CreateDirectory(abandoned);
        File.WriteAllText(Path.Combine(abandoned, "x.rows.ndjson"), "{}\n");
        var live = Directory.EnumerateDirectories(staging).Single(d => d != abandoned);

        await using var second = await WeirServer.StartAsync(project.Load(), new WeirServerOptions { Urls = { "http://127.0.0.1:0" } }, Cancel);

        Directory.Exists(abandoned).ShouldBeFalse();
        Directory.Exists(live).ShouldBeTrue();
        (await client.GetAsync("/health", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public void Dispose()
    {
        foreach (var project in _projects)
        {
            project.Dispose();
        }
    }

    private async Task<(PushProject Project, WeirServer Server, HttpClient Client)> StartAsync(string? sourceExtra = null, long? maxBody = null)
    {
        var project = new PushProject(sourceExtra);
        _projects.Add(project);
        var options = new WeirServerOptions { Urls = { "http://127.0.0.1:0" } };
        if (maxBody is { } limit)
        {
            options.MaxRequestBodySize = limit;
        }

        var server = await WeirServer.StartAsync(project.Load(), options, Cancel);
        return (project, server, new HttpClient { BaseAddress = server.Addresses[0], Timeout = TimeSpan.FromMinutes(2) });
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string source, string token, HttpContent content, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingest/{source}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request, Cancel);
    }

    private static async Task<JsonElement> AckAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Ndjson(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return content;
    }
}
