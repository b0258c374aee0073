using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    private const string SqliteHead = "sources:\n  - name: users\n    kind: sqlite\n    connection: Data Source=a.db\n    table: users\n";

    [Fact]
    public void Load_DetectDeletesEvery_ReadsTheInterval()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = SqliteHead + "    mode: incremental\n    cursor: updated_at\n    primary_key: id\n    detect_deletes: { every: 6h }\n    max_bad_rows: 1%\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.HasErrors.ShouldBeFalse();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.DetectDeletes.ShouldBeTrue();
        source.DetectDeletesEvery.ShouldBe(TimeSpan.FromHours(6));
        source.MaxBadRows.ShouldBe(new BadRowLimit(null, 0.01));
    }

    [Fact]
    public void Load_DetectDeletesTrueOnAppend_ComparesEveryLoad()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = SqliteHead + "    write: append\n    primary_key: id\n    detect_deletes: true\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.HasErrors.ShouldBeFalse();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.DetectDeletes.ShouldBeTrue();
        source.DetectDeletesEvery.ShouldBeNull();
    }

    [Fact]
    public void Load_DetectDeletesOnOverwriteWithoutKey_ReportsBoth()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = SqliteHead + "    detect_deletes: true\n",
        });

        var (spec, diagnostics) = project.Load();

        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
        diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Message).ShouldBe(
        [
            "'detect_deletes' needs 'primary_key'",
            "'detect_deletes' does nothing with an overwriting full refresh: every load replaces the table with the rows the source still has",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Load_ParallelismWithSingleKey_SplitsByTheKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = SqliteHead + "    primary_key: id\n    parallelism: 4\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.HasErrors.ShouldBeFalse();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.Parallelism.ShouldBe(4);
        source.SplitBy.ShouldBe("id");
    }

    [Fact]
    public void Load_ParallelismWithoutSplitColumn_ReportsMissingKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = SqliteHead + "    primary_key: [region, id]\n    parallelism: 4\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.Items.ShouldHaveSingleItem();
        error.Code.ShouldBe(DiagnosticCodes.MissingKey);
        error.Message.ShouldBe("'parallelism' needs one column to split the rows by, and the primary key has several");
    }

    [Fact]
    public void Load_ParallelismOnIncrementalAndSplitByAlone_ReportsBoth()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = SqliteHead + "    mode: incremental\n    cursor: ts\n    primary_key: id\n    parallelism: 2\n"
                + "  - name: items\n    kind: sqlite\n    connection: Data Source=a.db\n    table: items\n    split_by: id\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Message).ShouldBe(
        [
            "'parallelism' applies only to mode: full_refresh",
            "'split_by' applies only with 'parallelism' above 1",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Load_DetectDeletesOnFileSource_ReportsDatabaseOnlyKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: csv\n    path: users.csv\n    detect_deletes: true\n",
            ["users.csv"] = "id\n1\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.Items.ShouldHaveSingleItem().Message.ShouldBe("'detect_deletes' applies only to database sources (kind: postgres or sqlite)");
    }

    [Fact]
    public void Load_HttpSourceWithMaxBadRows_ReadsTheLimit()
    {
        var project = ProjectWith(new()
        {
            ["sources/api.yaml"] = "sources:\n  - name: a\n    kind: http\n    url: http://h/x\n    max_bad_rows: 5\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.HasErrors.ShouldBeFalse();
        spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem().MaxBadRows.ShouldBe(new BadRowLimit(5, null));
    }
}
