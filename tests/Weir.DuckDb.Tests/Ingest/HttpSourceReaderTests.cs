using System.Text;
using Weir.DuckDb.Ingest;
using Weir.Project;
using Reply = Weir.DuckDb.Tests.Ingest.HttpTestServer.Reply;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class HttpSourceReaderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_RateLimit_WaitsBetweenRequestsAtMostTheInterval()
    {
        await using var server = new HttpTestServer((_, count) => count <= 3
            ? Reply.Json($$"""{"items":[{"id":{{count}}}]}""")
            : Reply.Json("""{"items":[]}"""));
        var time = new RecordingTimeProvider();
        using var client = new HttpClient();
        var settings = new HttpSourceSettings
        {
            Url = new Uri(server.Url + "orders"),
            RecordsPath = "items",
            Pagination = HttpPaginationStyle.Page,
            PageParameter = "page",
            MinInterval = TimeSpan.FromMinutes(1),
        };
        using var output = new MemoryStream();

        var result = await new HttpSourceReader(client, time, TimeSpan.FromMilliseconds(1)).ReadAsync(settings, output, Token);

        (result.Records, result.Pages, result.Retries, result.BadRecords!.Count).ShouldBe((3, 4, 0, 0));
        time.Delays.Count(d => d > TimeSpan.FromSeconds(50) && d <= TimeSpan.FromMinutes(1)).ShouldBe(3);
        Encoding.UTF8.GetString(output.ToArray()).ShouldBe("{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
    }

    [Fact]
    public async Task ReadAsync_RetryAfter_SetsTheRetryDelay()
    {
        await using var server = new HttpTestServer((_, count) => count == 1
            ? new Reply(429, "{}", RetryAfter: "7")
            : Reply.Json("""{"items":[{"id":1}]}"""));
        var time = new RecordingTimeProvider();
        using var client = new HttpClient();
        var settings = new HttpSourceSettings { Url = new Uri(server.Url + "orders"), RecordsPath = "$.items" };
        using var output = new MemoryStream();

        var result = await new HttpSourceReader(client, time, TimeSpan.FromMilliseconds(1)).ReadAsync(settings, output, Token);

        (result.Records, result.Pages, result.Retries, result.BadRecords!.Count).ShouldBe((1, 1, 1, 0));
        time.Delays.ShouldContain(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task ReadAsync_MaxPages_StopsThere()
    {
        await using var server = new HttpTestServer((_, count) => Reply.Json($$"""{"items":[{"id":{{count}}}]}"""));
        using var client = new HttpClient();
        var settings = new HttpSourceSettings
        {
            Url = new Uri(server.Url + "orders"),
            RecordsPath = "items",
            Pagination = HttpPaginationStyle.Page,
            PageParameter = "page",
            MaxPages = 2,
        };
        using var output = new MemoryStream();

        var result = await new HttpSourceReader(client, TimeProvider.System, TimeSpan.FromMilliseconds(1)).ReadAsync(settings, output, Token);

        (result.Records, result.Pages, result.Retries, result.BadRecords!.Count).ShouldBe((2, 2, 0, 0));
        server.Requests.Count.ShouldBe(2);
    }
}
