using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>A JSON API on 127.0.0.1 and a free port, answering each request with a handler; requests are recorded.</summary>
public sealed class HttpTestServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, int, Reply> _handler;
    private readonly Task _loop;
    private int _count;

    public HttpTestServer(Func<HttpListenerRequest, int, Reply> handler)
    {
        _handler = handler;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Every request's path and query, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Every request's Authorization header, in order.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Requests.Enqueue(context.Request.Url!.PathAndQuery);
            Authorizations.Enqueue(context.Request.Headers["Authorization"]);
            var reply = _handler(context.Request, Interlocked.Increment(ref _count));
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfter is { } after)
            {
                context.Response.Headers["Retry-After"] = after;
            }

            context.Response.ContentType = "application/json";
            var body = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public sealed record Reply(int Status, string Body, string? RetryAfter = null)
    {
        public static Reply Json(string body) => new(200, body);
    }
}
