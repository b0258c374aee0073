using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Fact]
    public void Load_ProfileKey_IsReadOnSourcesModelsAndSeeds()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: raw_a\n    kind: csv\n    path: data/a.csv\n    profile: false\n  - name: raw_b\n    kind: csv\n    path: data/a.csv\n",
            ["models/m.sql"] = "select * from raw_a",
            ["models/m.yaml"] = "models:\n  - name: m\n    profile: true\n",
            ["seeds/codes.csv"] = "code\nx\n",
            ["seeds/seeds.yaml"] = "seeds:\n  - name: codes\n    profile: true\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Errors().ShouldBeEmpty();
        var assets = spec.ShouldNotBeNull().Assets.ToDictionary(a => a.Name, a => a.Profile);
        assets["raw_a"].ShouldBe(false);
        assets["raw_b"].ShouldBeNull();
        assets["m"].ShouldBe(true);
        assets["codes"].ShouldBe(true);
    }

    [Fact]
    public void Load_ProfileNotABoolean_ReportsInvalidValueAtItsLine()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: raw_a\n    kind: csv\n    path: data/a.csv\n    profile: always\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 5).Message.ShouldContain("profile");
    }

    [Fact]
    public void Load_QuarantineOnSourceRowCheck_IsKept()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id,amount\n1,5\n",
            ["sources/s.yaml"] = """
                sources:
                  - name: raw_a
                    kind: csv
                    path: data/a.csv
                    columns:
                      - name: amount
                        checks:
                          - range: { min: 0, quarantine: true }
                          - not_null
                """,
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Errors().ShouldBeEmpty();
        var checks = spec.ShouldNotBeNull().Assets.Single().AllChecks.ToList();
        checks.Select(c => (c.DisplayName, c.Quarantine)).ShouldBe([("range(amount)", true), ("not_null(amount)", false)]);
    }

    [Fact]
    public void Load_QuarantineOnModelCheck_IsAnErrorAtTheCheck()
    {
        var project = ProjectWith(new()
        {
            ["models/m.sql"] = "select 1 as amount",
            ["models/m.yaml"] = """
                models:
                  - name: m
                    columns:
                      - name: amount
                        checks:
                          - not_null: { quarantine: true }
                """,
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "models/m.yaml", 6);
        error.Message.ShouldBe("check 'not_null(amount)' of model 'm' has 'quarantine: true', which applies only to sources");
        error.Hint.ShouldNotBeNull().ShouldContain("declare the check on the source");
    }

    [Fact]
    public void Load_QuarantineOnTableLevelCheck_IsAnErrorWithTheRowLevelChecks()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = """
                sources:
                  - name: raw_a
                    kind: csv
                    path: data/a.csv
                    checks:
                      - row_count: { min: 1, quarantine: true }
                """,
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "sources/s.yaml", 6);
        error.Message.ShouldBe("check 'row_count' cannot quarantine rows: its failures are not single rows");
        error.Hint.ShouldNotBeNull().ShouldContain("not_null");
    }

    [Theory]
    [InlineData("kind: sqlite\n    connection: Data Source=app.db\n    table: users")]
    [InlineData("kind: http\n    url: https://api.example.com/users")]
    public void Load_MaxBadRowsOnDatabaseAndHttpSources_IsRead(string keys)
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = $"sources:\n  - name: users\n    {keys}\n    max_bad_rows: 2%\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Errors().ShouldBeEmpty();
        spec.ShouldNotBeNull().Assets.OfType<SourceSpec>().Single().MaxBadRows.ShouldBe(new BadRowLimit(null, 0.02));
    }

    [Fact]
    public void Load_ProfileTrueOnAView_WarnsAtTheKey()
    {
        var project = ProjectWith(new()
        {
            ["models/m.sql"] = "select 1 as a",
            ["models/m.yaml"] = "models:\n  - name: m\n    materialized: view\n    profile: true\n",
        });

        var (spec, diagnostics) = project.Load();

        spec.ShouldNotBeNull();
        diagnostics.Errors().ShouldBeEmpty();
        var warning = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "models/m.yaml", 4);
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
        warning.Message.ShouldContain("runs do not profile views");
    }

    [Fact]
    public void Load_QuarantineOnDeltaSource_IsAnErrorAtTheCheck()
    {
        var project = ProjectWith(new()
        {
            ["sources/s.yaml"] = """
                sources:
                  - name: raw_a
                    kind: delta
                    path: lake/a
                    columns:
                      - name: id
                        checks:
                          - not_null: { quarantine: true }
                """,
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "sources/s.yaml", 8).Message.ShouldContain("a delta source is read in place");
    }
}
