using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Weir.Server.Tests.TestSupport;

namespace Weir.Server.Tests;

/// <summary>The real <c>weir serve</c> as a child process: killed mid-batch, stopped with Ctrl-C, read by <c>weir run</c>.</summary>
public sealed class WeirServerProcessTests : IDisposable
{
    private const int BatchRows = 50_000;
    private const string Key = "kill-test-batch-1";

    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(2);

    private readonly PushProject _project = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_KilledMidBatch_LandsTheBatchWholeOrNotAtAllAndOnceOnResend()
    {
        var body = PushProject.Ndjson(BatchRows);
        var staging = WeirServer.StagingFolder(_project.Load());
        var (server, address) = await WeirProcess.ServeAsync(_project, Cancel);
        using (server)
        {
            using var client = Client(address);
            var content = new GatedContent(body, body.Length / 2, "application/x-ndjson");
            var sending = SendAsync(client, content, Key);
            await content.FirstSent.WaitAsync(s_patience, Cancel);
            // The server is mid-batch once it has spooled part of the body.
            await WaitUntilAsync(() => Directory.Exists(staging)
                && Directory.EnumerateFiles(staging, "*.rows.ndjson", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0));

            await server.KillAsync(Cancel);
            content.Release();

            var outcome = await OutcomeAsync(sending);
            outcome.ShouldNotBe(HttpStatusCode.OK);
        }

        (await _project.CountAsync("events", Cancel)).Rows.ShouldBeOneOf(0, BatchRows);
        await ResendTwiceAsync(body);
    }

    [Fact]
    public async Task Serve_KilledRightAfterTheCommit_KeepsTheBatchAndTheResendIsADuplicate()
    {
        var body = PushProject.Ndjson(BatchRows);
        var project = _project.Load();
        var commit = Path.Combine(project.Lake.Root, "raw", "events", "_delta_log", "00000000000000000001.json");
        var (server, address) = await WeirProcess.ServeAsync(_project, Cancel);
        using (server)
        {
            using var client = Client(address);
            var sending = SendAsync(client, new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-ndjson") } }, Key);
            // Kill as soon as the batch's commit is in the log, whether or not the acknowledgement left.
            await WaitUntilAsync(() => File.Exists(commit) || sending.IsCompleted, pollMs: 1);
            await server.KillAsync(Cancel);
            await OutcomeAsync(sending);
        }

        (await _project.CountAsync("events", Cancel)).ShouldBe((BatchRows, BatchRows));
        var (restarted, again) = await WeirProcess.ServeAsync(_project, Cancel);
        using (restarted)
        {
            using var client = Client(again);
            var ack = await AckAsync(await SendAsync(client, Ndjson(body), Key));
            ack.GetProperty("duplicate").GetBoolean().ShouldBeTrue();
            ack.GetProperty("loaded").GetInt64().ShouldBe(BatchRows);
        }

        (await _project.CountAsync("events", Cancel)).ShouldBe((BatchRows, BatchRows));
    }

    [Fact]
    public async Task Serve_Interrupted_StopsWithExitCodeZero()
    {
        var (server, address) = await WeirProcess.ServeAsync(_project, Cancel);
        using (server)
        {
            using var client = Client(address);
            (await client.GetAsync("/health", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

            var exit = await server.InterruptAsync(Cancel).WaitAsync(s_patience, Cancel);

            exit.ShouldBe(0, server.Error);
        }
    }

    [Fact]
    public async Task Run_Interrupted_StopsTheRunningModelAndRecordsTheRunAsCancelled()
    {
        // A model that would scan for minutes: only an interrupt that reaches DuckDB ends it early.
        _project.Write("models/slow_scan.sql", "SELECT count(*) AS n FROM range(200000000000) AS t(i) WHERE i % 7 = 3\n");
        using (var run = WeirProcess.Start(_project, "run"))
        {
            // The two quick assets report before the slow one: from then on it is running.
            var finished = 0;
            (await run.WaitForOutputAsync(line => line.Contains('✓', StringComparison.Ordinal) && ++finished == 2, Cancel)).ShouldBeTrue(run.Error);

            var exit = await run.InterruptAsync(Cancel).WaitAsync(s_patience, Cancel);

            exit.ShouldBe(130, run.Error);
        }

        var runs = await WeirProcess.RunAsync(_project, Cancel, "runs", "--format", "json");
        runs.ExitCode.ShouldBe(0, runs.Error);
        var latest = JsonDocument.Parse(runs.Output).RootElement.EnumerateArray().First();
        latest.GetProperty("status").GetString().ShouldBe("cancelled", runs.Output);
    }

    [Fact]
    public async Task Run_AfterAPush_DownstreamModelReadsThePushedRows()
    {
        using var project = new PushProject();
        await using (var server = await WeirServer.StartAsync(project.Load(), new WeirServerOptions { Urls = { "http://127.0.0.1:0" } }, Cancel))
        {
            using var client = Client(server.Addresses[0], project.Token);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/events")
            {
                Content = new StringContent("[{\"id\":1,\"amount\":1.5},{\"id\":2,\"amount\":2.5}]", System.Text.Encoding.UTF8, "application/json"),
            };
            await AckAsync(await client.SendAsync(request, Cancel));
        }

        var run = await WeirProcess.RunAsync(project, Cancel, "run");
        run.ExitCode.ShouldBe(0, run.Output + run.Error);

        var query = await WeirProcess.RunAsync(project, Cancel, "query", "SELECT n, total FROM event_totals", "--format", "csv");
        query.ExitCode.ShouldBe(0, query.Output + query.Error);
        query.Output.ShouldContain("2,4");
    }

    public void Dispose() => _project.Dispose();

    /// <summary>After a crash: the same batch with the same key lands once, and once more is a duplicate.</summary>
    private async Task ResendTwiceAsync(byte[] body)
    {
        var (server, address) = await WeirProcess.ServeAsync(_project, Cancel);
        using (server)
        {
            using var client = Client(address);
            var first = await AckAsync(await SendAsync(client, Ndjson(body), Key));
            (await _project.CountAsync("events", Cancel)).ShouldBe((BatchRows, BatchRows));
            first.GetProperty("loaded").GetInt64().ShouldBe(BatchRows);

            var second = await AckAsync(await SendAsync(client, Ndjson(body), Key));
            second.GetProperty("duplicate").GetBoolean().ShouldBeTrue();
            (await _project.CountAsync("events", Cancel)).ShouldBe((BatchRows, BatchRows));
        }
    }

    private HttpClient Client(Uri address, string? token = null)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = s_patience };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? _project.Token);
        return client;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpContent content, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/events") { Content = content };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request, Cancel);
    }

    /// <summary>The status the client got, or null when the connection died first.</summary>
    private static async Task<HttpStatusCode?> OutcomeAsync(Task<HttpResponseMessage> sending)
    {
        try
        {
            using var response = await sending.WaitAsync(s_patience, Cancel);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<JsonElement> AckAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static ByteArrayContent Ndjson(byte[] body) =>
        new(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-ndjson") } };

    private static async Task WaitUntilAsync(Func<bool> condition, int pollMs = 20)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(s_patience);
        while (!condition())
        {
            await Task.Delay(pollMs, timeout.Token);
        }
    }
}
