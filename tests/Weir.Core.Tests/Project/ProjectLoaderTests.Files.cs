using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Fact]
    public void Load_FileSourceWithoutIngestionKeys_IsAFullRefreshWithoutLimit()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: raw_a\n    kind: csv\n    path: data/a.csv\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        var source = spec.ShouldNotBeNull().Assets.OfType<SourceSpec>().Single();
        source.Incremental.ShouldBeFalse();
        source.MaxBadRows.ShouldBeNull();
    }

    [Theory]
    [InlineData("25", 25L, null)]
    [InlineData("0.01", null, 0.01)]
    [InlineData("'1%'", null, 0.01)]
    public void Load_IncrementalAndMaxBadRows_AreRead(string limit, long? count, double? ratio)
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = $"sources:\n  - name: raw_a\n    kind: csv\n    path: data/*.csv.gz\n    incremental: true\n    max_bad_rows: {limit}\n",
        });

        var (spec, _) = project.Load();

        var source = spec.ShouldNotBeNull().Assets.OfType<SourceSpec>().Single();
        source.Incremental.ShouldBeTrue();
        source.MaxBadRows.ShouldBe(new BadRowLimit(count, ratio));
    }

    [Fact]
    public void Load_BadMaxBadRows_ReportsInvalidValueAtItsLine()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: raw_a\n    kind: csv\n    path: data/a.csv\n    max_bad_rows: many\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 5).Message.ShouldContain("max_bad_rows");
    }

    [Fact]
    public void Load_IncrementalNotABoolean_ReportsInvalidValueAtItsLine()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: raw_a\n    kind: csv\n    path: data/a.csv\n    incremental: sometimes\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 5).Message.ShouldContain("incremental");
    }

    [Fact]
    public void Load_IncrementalOnDeltaSource_IsAnError()
    {
        var project = ProjectWith(new()
        {
            ["sources/s.yaml"] = "sources:\n  - name: raw_a\n    kind: delta\n    path: lake/a\n    incremental: true\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 5).Message.ShouldContain("only to file sources");
    }
}
