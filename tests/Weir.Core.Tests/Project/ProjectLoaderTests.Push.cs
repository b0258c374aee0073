using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Fact]
    public void Load_PushSource_ReadsTokenKeysAndLimit()
    {
        var project = ProjectWith(new()
        {
            ["sources/events.yaml"] = """
                sources:
                  - name: events
                    kind: push
                    token: ${EVENTS_TOKEN}
                    primary_key: [id]
                    max_bad_rows: 1%
                    zone: staging
                    columns:
                      - name: id
                        type: INTEGER
                """,
        });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["EVENTS_TOKEN"] = "s3cret-value" });

        diagnostics.HasErrors.ShouldBeFalse();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.Format.ShouldBe(SourceFormat.Push);
        source.Token.ShouldBe("s3cret-value");
        source.PrimaryKey.ShouldBe(["id"]);
        source.MaxBadRows.ShouldNotBeNull().Ratio.ShouldBe(0.01);
        source.Zone.ShouldBe(LakeZone.Staging);
        source.Columns.ShouldHaveSingleItem().Type.ShouldBe("INTEGER");
        source.IdempotencyWindow.ShouldBe(SourceSpec.DefaultIdempotencyWindow);
    }

    [Fact]
    public void Load_PushSourceWithIdempotencyWindow_ReadsIt()
    {
        var project = ProjectWith(new() { ["sources/events.yaml"] = "sources:\n  - name: events\n    kind: push\n    token: ${T}\n    idempotency_window: 36h\n" });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["T"] = "secret-token-value" });

        diagnostics.HasErrors.ShouldBeFalse();
        spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem().IdempotencyWindow.ShouldBe(TimeSpan.FromHours(36));
    }

    [Theory]
    [InlineData("    idempotency_window: 0s\n", "'idempotency_window' must be a positive duration, not '0s'")]
    [InlineData("    idempotency_window: soon\n", "'idempotency_window' must be a positive duration, not 'soon'")]
    public void Load_PushSourceWithBadIdempotencyWindow_ReportsAtItsLine(string yaml, string message)
    {
        var project = ProjectWith(new() { ["sources/events.yaml"] = "sources:\n  - name: events\n    kind: push\n    token: ${T}\n" + yaml });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["T"] = "secret-token-value" });

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/events.yaml", 5).Message.ShouldBe(message);
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Fact]
    public void Load_PushSourceWithoutToken_ReportsMissingKey()
    {
        var project = ProjectWith(new() { ["sources/events.yaml"] = "sources:\n  - name: events\n    kind: push\n" });

        var (spec, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.MissingKey, "sources/events.yaml", 2).Message.ShouldContain("'token'");
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("    path: data/a.json\n", "'path' does not apply to push sources")]
    [InlineData("    url: http://h/x\n", "'url' does not apply to push sources")]
    [InlineData("    incremental: true\n", "'incremental' does not apply to push sources")]
    public void Load_PushSourceWithKeyOfAnotherKind_ReportsAtItsLine(string yaml, string message)
    {
        var project = ProjectWith(new()
        {
            ["sources/events.yaml"] = "sources:\n  - name: events\n    kind: push\n    token: ${T}\n" + yaml,
        });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["T"] = "secret-token-value" });

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/events.yaml", 5).Message.ShouldBe(message);
        diagnostics.Items.ShouldAllBe(d => !d.ToString().Contains("secret-token-value"));
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Fact]
    public void Load_IdempotencyWindowOnAFileSource_ReportsThatItAppliesOnlyToPush()
    {
        var project = ProjectWith(new() { ["sources/events.yaml"] = "sources:\n  - name: events\n    kind: csv\n    path: data/a.csv\n    idempotency_window: 1d\n" });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/events.yaml", 5).Message
            .ShouldBe("'idempotency_window' applies only to push sources (kind: push)");
    }

    [Fact]
    public void Load_TokenOnAFileSource_ReportsThatItAppliesOnlyToPush()
    {
        var project = ProjectWith(new()
        {
            ["sources/events.yaml"] = "sources:\n  - name: events\n    kind: csv\n    path: data/a.csv\n    token: ${T}\n",
        });

        var (_, diagnostics) = project.Load(new Dictionary<string, string> { ["T"] = "secret-token-value" });

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/events.yaml", 5).Message
            .ShouldBe("'token' applies only to push sources (kind: push)");
        diagnostics.Items.ShouldAllBe(d => !d.ToString().Contains("secret-token-value"));
    }
}
