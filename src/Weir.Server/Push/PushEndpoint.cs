using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Weir.DuckDb.Ingest;

namespace Weir.Server.Push;

/// <summary>
/// <c>POST /api/ingest/{source}</c>: authenticates the token, reads the JSON or NDJSON body, lands it through
/// <see cref="PushBatchWriter"/> and answers 200 only after the lake commit returned.
/// </summary>
internal sealed class PushEndpoint
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    // Messages quote JSON and SQL: keep their quotes readable (the body is application/json, never HTML).
    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PushTokens _tokens;
    private readonly PushBatchWriter _writer;
    private readonly PushRunRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _maxBodySize;

    public PushEndpoint(PushTokens tokens, PushBatchWriter writer, PushRunRecorder recorder, TimeProvider time, ILogger logger, long maxBodySize)
    {
        _maxBodySize = maxBodySize;
        _tokens = tokens;
        _writer = writer;
        _recorder = recorder;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var name = context.Request.RouteValues["source"] as string ?? string.Empty;
        var source = _tokens.Authenticate(name, BearerToken(request));
        if (source is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "a valid bearer token for this source is required").ConfigureAwait(false);
            return;
        }

        if (BodyFormat(request.ContentType) is not { } format)
        {
            await ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType,
                "send the batch as application/json (an array of objects, or one object) or application/x-ndjson (one object per line)")
                .ConfigureAwait(false);
            return;
        }

        var key = request.Headers[IdempotencyKeyHeader].ToString();
        var startedAt = _time.GetUtcNow();
        var cancellationToken = context.RequestAborted;
        PushBatchResult result;
        try
        {
            result = await _writer.WriteAsync(source, request.Body, format, key.Length == 0 ? null : key, cancellationToken).ConfigureAwait(false);
        }
        catch (PushBatchException ex)
        {
            Log.BatchRefused(_logger, source.Name, ex.Failure.ToString());
            var status = ex.Failure switch
            {
                PushBatchFailure.InvalidBody => StatusCodes.Status400BadRequest,
                // TooManyBadRows, Rejected, and KeyReused (the key's first batch differs from this body).
                _ => StatusCodes.Status422UnprocessableEntity,
            };
            await ErrorAsync(context, status, ex.Message, ex.BadRows).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel refuses the body as it reads it: too large (413), too slow, or cut short.
            var message = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? string.Create(CultureInfo.InvariantCulture, $"the body is larger than this server accepts ({_maxBodySize:N0} bytes); split the batch")
                : ex.Message;
            await ErrorAsync(context, ex.StatusCode, message).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The client went away before the batch was read whole: nothing was committed, and no one is listening.
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault (the lake's storage, a concurrent writer outside this server): nothing was acknowledged.
            Log.BatchFailed(_logger, ex, source.Name);
            await ErrorAsync(context, StatusCodes.Status500InternalServerError,
                "the batch could not be committed; it was not acknowledged: send it again with the same Idempotency-Key").ConfigureAwait(false);
            return;
        }

        Log.BatchLanded(_logger, result.Batch, source.Name, result.RowsRead, result.RowsLoaded, result.RowsQuarantined, result.Version, result.Duplicate);
        if (!result.Duplicate)
        {
            await _recorder.RecordAsync(source.Name, result, startedAt, CancellationToken.None).ConfigureAwait(false);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter, s_json);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("source", source.Name);
            writer.WriteString("batch", result.Batch);
            writer.WriteNumber("rows", result.RowsRead);
            writer.WriteNumber("loaded", result.RowsLoaded);
            writer.WriteNumber("quarantined", result.RowsQuarantined);
            writer.WriteNumber("version", result.Version);
            writer.WriteBoolean("duplicate", result.Duplicate);
            if (result.RowsQuarantined > 0)
            {
                writer.WriteString("quarantine", PushBatchWriter.QuarantineName(source.Name));
            }

            writer.WriteEndObject();
        }
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    private static PushBodyFormat? BodyFormat(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        var type = media.MediaType.Value ?? string.Empty;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? PushBodyFormat.Json
            : type.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase) || type.Equals("application/ndjson", StringComparison.OrdinalIgnoreCase)
                ? PushBodyFormat.Ndjson
            : null;
    }

    internal static async Task ErrorAsync(HttpContext context, int status, string message, IReadOnlyList<PushBadRow>? errors = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter, s_json);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            if (errors is { Count: > 0 })
            {
                writer.WriteStartArray("errors");
                foreach (var error in errors)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("line", error.Line);
                    writer.WriteString("reason", error.Reason);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }
    }
}
