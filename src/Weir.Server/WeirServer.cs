using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weir.Catalog;
using Weir.DuckDb;
using Weir.DuckDb.Ingest;
using Weir.DuckDb.Lake;
using Weir.Project;
using Weir.Server.Push;

namespace Weir.Server;

/// <summary>
/// The HTTP server of a loaded project (<c>weir serve</c>): <c>GET /health</c> and push ingestion at
/// <c>POST /api/ingest/{source}</c>. It reads the lake and the run store under the project's state folder but never
/// holds the warehouse file, so <c>weir run</c> works beside it.
/// </summary>
public sealed class WeirServer : IAsyncDisposable
{
    /// <summary>The name of the run store file under the project's state folder (the one the CLI uses).</summary>
    public const string MetadataFileName = "metadata.db";

    private readonly WebApplication _app;
    private readonly DuckDbEngine _engine;
    private readonly SqliteRunStore _store;
    private readonly PushStagingArea _staging;
    private bool _disposed;

    private WeirServer(WebApplication app, DuckDbEngine engine, SqliteRunStore store, PushStagingArea staging, IReadOnlyList<Uri> addresses)
    {
        _staging = staging;
        _app = app;
        _engine = engine;
        _store = store;
        Addresses = addresses;
    }

    /// <summary>The addresses the server listens on, with the ports the system picked for port 0.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>
    /// The folder where push bodies are spooled while they arrive, one subfolder per server (scratch: a server deletes
    /// its own when it stops, and those of killed servers when it starts).
    /// </summary>
    public static string StagingFolder(ProjectSpec project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Path.Combine(project.StateDirectory, "push");
    }

    /// <summary>Starts the server for <paramref name="project"/>; it runs until <see cref="StopAsync"/> or disposal.</summary>
    /// <exception cref="IOException">An address is in use or cannot be bound.</exception>
    public static async Task<WeirServer> StartAsync(ProjectSpec project, WeirServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        options ??= new WeirServerOptions();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<WeirServer>();
        // Bodies of batches a killed server was reading (never acknowledged, never committed) are deleted here.
        var staging = PushStagingArea.Create(StagingFolder(project));
        var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions(), cancellationToken).ConfigureAwait(false);
        SqliteRunStore? store = null;
        try
        {
            store = await SqliteRunStore.OpenAsync(Path.Combine(project.StateDirectory, MetadataFileName), cancellationToken).ConfigureAwait(false);
            var writer = new PushBatchWriter(engine, new LakeTables(project.Lake, options.TimeProvider, loggerFactory), staging.Folder, options.TimeProvider);
            var endpoint = new PushEndpoint(
                new PushTokens(project.Sources),
                writer,
                new PushRunRecorder(store, options.TimeProvider, logger),
                options.TimeProvider,
                logger,
                options.MaxRequestBodySize);
            var app = Build(project, options, loggerFactory, endpoint);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                .Select(a => new Uri(a)).ToList() ?? [];
            foreach (var address in addresses)
            {
                Log.Listening(logger, project.Name, address.ToString());
            }

            return new WeirServer(app, engine, store, staging, addresses);
        }
        catch
        {
            staging.Dispose();
            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops listening, letting requests in flight finish within <paramref name="cancellationToken"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _app.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        await _engine.DisposeAsync().ConfigureAwait(false);
        _staging.Dispose();
    }

    private static WebApplication Build(ProjectSpec project, WeirServerOptions options, ILoggerFactory loggerFactory, PushEndpoint push)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WeirServer).Assembly.GetName().Name,
            ContentRootPath = project.RootDirectory,
        });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
        });
        builder.WebHost.UseUrls([.. options.Urls.Count > 0 ? options.Urls : [WeirServerOptions.DefaultUrl]]);

        var app = builder.Build();
        app.UseRouting();
        app.MapGet("/health", context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"status\":\"ok\"}", context.RequestAborted);
        });
        app.MapPost("/api/ingest/{source}", push.HandleAsync);
        return app;
    }
}
