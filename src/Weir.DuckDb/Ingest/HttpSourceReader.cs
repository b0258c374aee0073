using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Weir.Project;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// Pulls a JSON REST API page by page and writes its records as newline-delimited JSON: pagination by page number,
/// offset, cursor or next link; a least interval between requests; retries with exponential backoff and jitter on 429,
/// 5xx and timeouts, where a response's <c>Retry-After</c> sets the delay.
/// </summary>
internal sealed class HttpSourceReader
{
    private static readonly byte[] s_newLine = "\n"u8.ToArray();

    private readonly HttpClient _client;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryDelay;
    private DateTimeOffset? _lastRequest;
    private long _bytesRead;

    public HttpSourceReader(HttpClient client, TimeProvider time, TimeSpan retryDelay)
    {
        _client = client;
        _time = time;
        _retryDelay = retryDelay;
    }

    /// <summary>The name of the field each record gets with <see cref="WritePositions"/>: its page, from 1.</summary>
    internal const string PageField = "__weir_page";

    /// <summary>The name of the field each record gets with <see cref="WritePositions"/>: its index in the page's records, from 1.</summary>
    internal const string IndexField = "__weir_index";

    /// <summary>Whether each record written carries its page and index (<see cref="PageField"/>, <see cref="IndexField"/>).</summary>
    public bool WritePositions { get; init; }

    /// <summary>
    /// Reads every page into <paramref name="output"/>, one record per line; a record that is not a JSON object is not
    /// written but returned in <see cref="HttpReadResult.BadRecords"/>.
    /// </summary>
    /// <exception cref="HttpSourceException">A request failed after its retries, or a response is not the expected JSON.</exception>
    public async Task<HttpReadResult> ReadAsync(HttpSourceSettings settings, Stream output, CancellationToken cancellationToken)
    {
        var retries = 0;
        var pipeline = Pipeline(settings, () => retries++, cancellationToken);
        long records = 0;
        var pages = 0;
        var url = settings.Url;
        long offset = 0;
        string? cursor = null;
        var bad = new List<HttpBadRecord>();
        while (pages < settings.MaxPages)
        {
            var request = settings.Pagination switch
            {
                HttpPaginationStyle.Page => WithParameters(url, settings.PageParameter, (pages + 1).ToString(CultureInfo.InvariantCulture), settings),
                HttpPaginationStyle.Offset => WithParameters(url, settings.PageParameter, offset.ToString(CultureInfo.InvariantCulture), settings),
                HttpPaginationStyle.Cursor => cursor is null ? url : WithParameters(url, settings.PageParameter, cursor, settings),
                _ => url,
            };
            using var document = await GetAsync(pipeline, settings, request, cancellationToken).ConfigureAwait(false);
            pages++;
            var (count, refused) = WriteRecords(document.RootElement, settings.RecordsPath, request, output, pages, WritePositions, bad);
            records += count - refused;
            if (count == 0)
            {
                break;
            }

            offset += count;
            if (settings.Pagination is HttpPaginationStyle.Cursor or HttpPaginationStyle.NextLink)
            {
                var next = Find(document.RootElement, settings.NextPath ?? string.Empty) is { ValueKind: JsonValueKind.String or JsonValueKind.Number } found
                    ? found.ToString()
                    : null;
                if (string.IsNullOrEmpty(next))
                {
                    break;
                }

                if (settings.Pagination == HttpPaginationStyle.Cursor)
                {
                    cursor = next;
                }
                else if (Uri.TryCreate(request, next, out var link))
                {
                    url = link;
                }
                else
                {
                    throw new HttpSourceException($"the next link at '{settings.NextPath}' in the response of {Show(request)} is not a URL");
                }
            }
            else if (settings.Pagination == HttpPaginationStyle.None)
            {
                break;
            }
        }

        return new HttpReadResult(records, pages, retries, _bytesRead, bad);
    }

    private ResiliencePipeline<HttpResponseMessage> Pipeline(HttpSourceSettings settings, Action onRetry, CancellationToken cancellationToken)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (settings.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _retryDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(_ => !cancellationToken.IsCancellationRequested)
                    .HandleResult(r => IsTransient(r.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = _ =>
                {
                    onRetry();
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>The delay a response asks for (<c>Retry-After</c>, in seconds or as a date), or null for the backoff.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } after)
        {
            return null;
        }

        if (after.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (after.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private async Task<JsonDocument> GetAsync(
        ResiliencePipeline<HttpResponseMessage> pipeline, HttpSourceSettings settings, Uri url, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async token =>
                {
                    await WaitForRateLimitAsync(settings, token).ConfigureAwait(false);
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Accept.ParseAdd("application/json");
                    foreach (var (name, value) in settings.Headers)
                    {
                        if (!request.Headers.TryAddWithoutValidation(name, value))
                        {
                            throw new HttpSourceException($"the header '{name}' cannot be sent on a request");
                        }
                    }

                    return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpSourceException($"GET {Show(url)} failed after {settings.Retries} retries: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpSourceException($"GET {Show(url)} timed out after {settings.Retries} retries", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var retried = IsTransient(response.StatusCode) ? string.Create(CultureInfo.InvariantCulture, $" after {settings.Retries} retries") : string.Empty;
                throw new HttpSourceException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"GET {Show(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}{retried}"));
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            _bytesRead += body.Length;
            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new HttpSourceException($"the response of {Show(url)} is not JSON: {ex.Message}", ex);
            }
        }
    }

    private async Task WaitForRateLimitAsync(HttpSourceSettings settings, CancellationToken cancellationToken)
    {
        if (settings.MinInterval > TimeSpan.Zero && _lastRequest is { } last)
        {
            var wait = last + settings.MinInterval - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        _lastRequest = _time.GetUtcNow();
    }

    /// <summary>Writes the page's records; returns how many it holds and how many of them were refused (not objects).</summary>
    private static (long Count, long Refused) WriteRecords(
        JsonElement root, string path, Uri url, Stream output, int page, bool positions, List<HttpBadRecord> bad)
    {
        var found = Find(root, path);
        if (found is null || found.Value.ValueKind == JsonValueKind.Null)
        {
            return (0, 0);
        }

        if (found.Value.ValueKind != JsonValueKind.Array)
        {
            throw new HttpSourceException(string.Create(
                CultureInfo.InvariantCulture,
                $"the records at '{(path.Length == 0 ? "$" : path)}' in the response of {Show(url)} are {found.Value.ValueKind.ToString().ToLowerInvariant()}, not an array"));
        }

        long count = 0;
        long refused = 0;
        using var writer = new Utf8JsonWriter(output);
        foreach (var record in found.Value.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                count++;
                refused++;
                bad.Add(new HttpBadRecord(page, count, record.GetRawText(), string.Create(
                    CultureInfo.InvariantCulture,
                    $"the record is {record.ValueKind.ToString().ToLowerInvariant()}, not an object")));
                continue;
            }

            if (positions)
            {
                writer.WriteStartObject();
                foreach (var property in record.EnumerateObject())
                {
                    property.WriteTo(writer);
                }

                writer.WriteNumber(PageField, page);
                writer.WriteNumber(IndexField, count + 1);
                writer.WriteEndObject();
            }
            else
            {
                record.WriteTo(writer);
            }

            writer.Flush();
            output.Write(s_newLine);
            writer.Reset(output);
            count++;
        }

        return (count, refused);
    }

    /// <summary>The element at a dotted path (a leading <c>$</c> is the root), or null when a step is missing.</summary>
    internal static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        var steps = path.Split('.', StringSplitOptions.RemoveEmptyEntries);
        foreach (var step in steps.Length > 0 && steps[0] == "$" ? steps[1..] : steps)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The URL with the pagination parameter (and the page size, if any) set.</summary>
    internal static Uri WithParameters(Uri url, string? name, string value, HttpSourceSettings settings)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (name is not null)
        {
            parameters.Add(new(name, value));
        }

        if (settings.SizeParameter is { } size && settings.PageSize is { } pageSize)
        {
            parameters.Add(new(size, pageSize.ToString(CultureInfo.InvariantCulture)));
        }

        var names = parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var kept = url.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !names.Contains(Uri.UnescapeDataString(part.Split('=')[0])));
        var query = new StringBuilder(string.Join('&', kept));
        foreach (var (key, text) in parameters)
        {
            query.Append(query.Length == 0 ? string.Empty : "&").Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(text));
        }

        return new UriBuilder(url) { Query = query.ToString() }.Uri;
    }

    /// <summary>A URL for a message: without its query, which may hold a key.</summary>
    internal static string Show(Uri url) => url.GetLeftPart(UriPartial.Path);
}
