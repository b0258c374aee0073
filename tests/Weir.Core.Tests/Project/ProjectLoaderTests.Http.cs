using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Fact]
    public void Load_HttpSource_ReadsEveryHttpKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/api.yaml"] = """
                sources:
                  - name: api_orders
                    kind: http
                    url: https://api.example.com/v1/orders
                    headers: { Authorization: "Bearer ${API_TOKEN}" }
                    records: $.data.items
                    pagination:
                      style: page
                      page_param: p
                      size_param: per_page
                      page_size: 50
                    rate_limit: 10/s
                    max_pages: 20
                    request_retries: 5
                    retries: 2
                """,
        });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["API_TOKEN"] = "tok123" });

        diagnostics.HasErrors.ShouldBeFalse();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.Format.ShouldBe(SourceFormat.Http);
        var http = source.Http.ShouldNotBeNull();
        http.Url.ShouldBe(new Uri("https://api.example.com/v1/orders"));
        http.Headers["Authorization"].ShouldBe("Bearer tok123");
        http.RecordsPath.ShouldBe("data.items");
        http.Pagination.ShouldBe(HttpPaginationStyle.Page);
        http.PageParameter.ShouldBe("p");
        http.SizeParameter.ShouldBe("per_page");
        http.PageSize.ShouldBe(50);
        http.MinInterval.ShouldBe(TimeSpan.FromMilliseconds(100));
        http.MaxPages.ShouldBe(20);
        http.Retries.ShouldBe(5);
        spec.ShouldNotBeNull().Sources.Single().Retries.ShouldBe(2);
    }

    [Theory]
    [InlineData("cursor", "cursor_path: meta.next", HttpPaginationStyle.Cursor, "cursor", "meta.next")]
    [InlineData("next_link", "next_link_path: links.next", HttpPaginationStyle.NextLink, null, "links.next")]
    [InlineData("offset", "limit: 100", HttpPaginationStyle.Offset, "offset", null)]
    public void Load_HttpPaginationStyles_DefaultTheirParameters(string style, string key, HttpPaginationStyle expected, string? parameter, string? next)
    {
        var project = ProjectWith(new()
        {
            ["sources/api.yaml"] = $"sources:\n  - name: a\n    kind: http\n    url: http://h/x\n    pagination:\n      style: {style}\n      {key}\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.HasErrors.ShouldBeFalse();
        var http = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem().Http.ShouldNotBeNull();
        http.Pagination.ShouldBe(expected);
        http.PageParameter.ShouldBe(parameter);
        http.NextPath.ShouldBe(next);
    }

    [Theory]
    [InlineData("    rate_limit: fast\n", 4, "'rate_limit' must be requests per second or minute, not 'fast'")]
    [InlineData("    pagination: { style: pages }\n", 4, "style 'pages' is not valid")]
    [InlineData("    pagination: { style: page, cursor_path: x }\n", 4, "'cursor_path' does not apply to pagination style 'page'")]
    [InlineData("    path: data/a.json\n", 4, "'path' does not apply to http sources")]
    public void Load_BadHttpKey_ReportsAtItsLine(string yaml, int line, string message)
    {
        var project = ProjectWith(new()
        {
            ["sources/api.yaml"] = "sources:\n  - name: a\n    kind: http\n" + yaml + "    url: http://h/x\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/api.yaml", line).Message.ShouldBe(message);
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Fact]
    public void Load_CursorPaginationWithoutCursorPath_ReportsMissingKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/api.yaml"] = "sources:\n  - name: a\n    kind: http\n    url: http://h/x\n    pagination: { style: cursor }\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.MissingKey, "sources/api.yaml", 5).Message
            .ShouldBe("pagination style 'cursor' is missing required key 'cursor_path'");
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Fact]
    public void Load_HttpSourceWithoutUrl_ReportsMissingKeyWithoutTheHeaderValue()
    {
        var project = ProjectWith(new()
        {
            ["sources/api.yaml"] = "sources:\n  - name: a\n    kind: http\n    headers: { X-Key: \"${KEY}\" }\n    url: ftp://h/x\n",
        });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["KEY"] = "hunter2" });

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/api.yaml", 5).Message.ShouldBe("'url' must be an absolute http:// or https:// URL");
        string.Join("\n", diagnostics.Items.Select(d => d.ToString())).ShouldNotContain("hunter2");
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Fact]
    public void Load_HttpKeyOnAFileSource_IsRejected()
    {
        var project = ProjectWith(new()
        {
            ["sources/api.yaml"] = "sources:\n  - name: a\n    kind: csv\n    path: a.csv\n    url: http://h/x\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/api.yaml", 5).Message.ShouldBe("'url' applies only to http sources (kind: http)");
    }
}
