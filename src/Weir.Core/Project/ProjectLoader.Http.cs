using System.Globalization;
using Weir.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_httpOnlyKeys = ["url", "headers", "records", "pagination", "rate_limit", "max_pages", "request_retries"];

    private static readonly string[] s_paginationKeys =
        ["style", "page_param", "size_param", "page_size", "offset_param", "limit_param", "limit", "cursor_param", "cursor_path", "next_link_path"];

    private static readonly Dictionary<string, HttpPaginationStyle> s_paginationStyles = new(StringComparer.Ordinal)
    {
        ["none"] = HttpPaginationStyle.None,
        ["page"] = HttpPaginationStyle.Page,
        ["offset"] = HttpPaginationStyle.Offset,
        ["cursor"] = HttpPaginationStyle.Cursor,
        ["next_link"] = HttpPaginationStyle.NextLink,
    };

    /// <summary>
    /// An HTTP source: a JSON REST API read page by page. Header values usually hold tokens (from <c>${VAR}</c>), so no
    /// diagnostic ever quotes them.
    /// </summary>
    private static SourceSpec? ReadHttpSource(YamlMap map, AssetEntry? entry)
    {
        foreach (var key in s_fileOnlyKeys.Concat(s_databaseOnlyKeys).Concat(["incremental", "options"]).Where(map.Has))
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' does not apply to http sources",
                key == "path" ? "an http source reads from 'url:'" : "remove the key");
        }

        var valid = !s_fileOnlyKeys.Concat(s_databaseOnlyKeys).Concat(["incremental", "options"]).Any(map.Has);
        var maxBadRows = ReadBadRowLimit(map, ref valid);
        valid &= map.Require("url", "http source", "write the API's address, e.g. url: https://api.example.com/v1/orders");
        var url = map.Has("url") ? HttpUrl(map) : null;
        var headers = HttpHeaders(map, ref valid);
        var records = map.String("records") is { } path ? RecordsPath(path) : string.Empty;
        var maxPages = map.Integer("max_pages", minimum: 1);
        var requestRetries = map.Integer("request_retries", minimum: 0);
        valid &= !map.Has("max_pages") || maxPages is not null;
        var interval = TimeSpan.Zero;
        if (map.String("rate_limit") is { } rate)
        {
            if (ParseRateLimit(rate) is { } parsed)
            {
                interval = parsed;
            }
            else
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.Value("rate_limit")!, $"'rate_limit' must be requests per second or minute, not '{rate}'",
                    "write N/s or N/m with N a positive number, e.g. rate_limit: 10/s");
                valid = false;
            }
        }

        var pagination = ReadPagination(map, ref valid);
        if (entry is null || url is null || !valid || pagination is null)
        {
            return null;
        }

        var settings = new HttpSourceSettings
        {
            Url = url,
            Headers = headers,
            RecordsPath = records,
            Pagination = pagination.Pagination,
            PageParameter = pagination.PageParameter,
            SizeParameter = pagination.SizeParameter,
            PageSize = pagination.PageSize,
            NextPath = pagination.NextPath,
            MinInterval = interval,
            MaxPages = maxPages ?? 1000,
            Retries = requestRetries ?? HttpSourceSettings.DefaultRetries,
        };
        return new SourceSpec(entry, SourceFormat.Http)
        {
            PrimaryKey = map.StringList("primary_key"),
            Http = settings,
            MaxBadRows = maxBadRows,
        };
    }

    /// <summary>An absolute http(s) URL; the URL is not a secret, but a token in its query would be, so it is not quoted.</summary>
    private static Uri? HttpUrl(YamlMap map)
    {
        if (map.String("url") is { } text && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        map.File.Error(DiagnosticCodes.InvalidValue, map.Value("url")!, "'url' must be an absolute http:// or https:// URL",
            "write the API's address, e.g. url: https://api.example.com/v1/orders");
        return null;
    }

    /// <summary>Header names and values; the values are secrets and are never quoted.</summary>
    private static Dictionary<string, string> HttpHeaders(YamlMap map, ref bool valid)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (map.Mapping("headers") is not { } mapping)
        {
            valid &= !map.Has("headers");
            return headers;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || string.IsNullOrWhiteSpace(name) || value is not YamlScalarNode scalar)
            {
                map.File.Error(DiagnosticCodes.InvalidValue, key, "each entry of 'headers' must be a header name and a single value",
                    "write e.g. headers: { Authorization: \"Bearer ${API_TOKEN}\" }");
                valid = false;
                continue;
            }

            headers[name] = scalar.Value ?? string.Empty;
        }

        return headers;
    }

    /// <summary>A dotted path, without a leading <c>$</c> or <c>$.</c>.</summary>
    private static string RecordsPath(string path)
    {
        var trimmed = path.Trim();
        return trimmed == "$" ? string.Empty
            : trimmed.StartsWith("$.", StringComparison.Ordinal) ? trimmed[2..]
            : trimmed;
    }

    /// <summary><c>N/s</c> or <c>N/m</c> as the least time between two requests.</summary>
    internal static TimeSpan? ParseRateLimit(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length != 2
            || !double.TryParse(parts[0].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count)
            || count <= 0 || double.IsInfinity(count))
        {
            return null;
        }

        var per = parts[1].Trim() switch
        {
            "s" or "sec" or "second" => TimeSpan.FromSeconds(1),
            "m" or "min" or "minute" => TimeSpan.FromMinutes(1),
            _ => (TimeSpan?)null,
        };
        return per is null ? null : per.Value / count;
    }

    private static HttpSourceSettings? ReadPagination(YamlMap map, ref bool valid)
    {
        var none = new HttpSourceSettings { Url = new Uri("http://localhost/") };
        if (map.Mapping("pagination") is not { } node)
        {
            valid &= !map.Has("pagination");
            return none;
        }

        var pagination = new YamlMap(map.File, node, s_paginationKeys);
        var style = pagination.Has("style") ? pagination.Choice("style", s_paginationStyles) : HttpPaginationStyle.None;
        if (style is null)
        {
            return null;
        }

        var (parameter, size, sizeValue, next) = style.Value switch
        {
            HttpPaginationStyle.Page => ("page_param", "size_param", "page_size", (string?)null),
            HttpPaginationStyle.Offset => ("offset_param", "limit_param", "limit", null),
            HttpPaginationStyle.Cursor => ("cursor_param", null, null, "cursor_path"),
            HttpPaginationStyle.NextLink => (null, null, null, "next_link_path"),
            _ => ((string?)null, (string?)null, (string?)null, (string?)null),
        };
        string[] used = [.. new[] { "style", parameter, size, sizeValue, next }.OfType<string>()];
        foreach (var key in s_paginationKeys.Where(k => pagination.Has(k) && !used.Contains(k, StringComparer.Ordinal)))
        {
            pagination.File.Error(DiagnosticCodes.InvalidValue, pagination.KeyNode(key),
                $"'{key}' does not apply to pagination style '{pagination.String("style") ?? "none"}'", "remove the key");
            valid = false;
        }

        if (next is not null)
        {
            valid &= pagination.Require(next, $"pagination style '{pagination.String("style")}'",
                $"name the response field that holds the next {(style == HttpPaginationStyle.Cursor ? "cursor" : "page's URL")}, e.g. {next}: {(style == HttpPaginationStyle.Cursor ? "meta.next_cursor" : "links.next")}");
        }

        if (style == HttpPaginationStyle.Offset && !pagination.Has("limit"))
        {
            pagination.File.Error(DiagnosticCodes.MissingKey, pagination.KeyNode("limit"), "pagination style 'offset' is missing required key 'limit'",
                "write how many records a page asks for, e.g. limit: 100");
            valid = false;
        }

        var pageSize = sizeValue is null ? null : pagination.Integer(sizeValue, minimum: 1);
        valid &= sizeValue is null || !pagination.Has(sizeValue) || pageSize is not null;
        var defaults = style.Value switch
        {
            HttpPaginationStyle.Page => ("page", "page_size"),
            HttpPaginationStyle.Offset => ("offset", "limit"),
            HttpPaginationStyle.Cursor => ("cursor", (string?)null),
            _ => ((string?)null, (string?)null),
        };
        return new HttpSourceSettings
        {
            Url = none.Url,
            Pagination = style.Value,
            PageParameter = parameter is null ? null : pagination.String(parameter) ?? defaults.Item1,
            SizeParameter = size is null ? null : pagination.String(size) ?? defaults.Item2,
            PageSize = pageSize,
            NextPath = next is null ? null : RecordsPath(pagination.String(next) ?? string.Empty),
        };
    }

    /// <summary>HTTP keys on a file or database source are mistakes worth naming.</summary>
    private static void RejectHttpKeys(YamlMap map)
    {
        foreach (var key in s_httpOnlyKeys.Where(map.Has))
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' applies only to http sources (kind: http)",
                "remove the key, or set kind: http");
        }
    }
}
