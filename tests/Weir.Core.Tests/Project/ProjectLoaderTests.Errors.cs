using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Fact]
    public void Load_MissingProjectFile_ReportsWeir106AndReturnsNull()
    {
        var project = Project(new() { ["models/a.sql"] = "select 1" });

        var (spec, diagnostics) = project.Load();

        spec.ShouldBeNull();
        diagnostics.ShouldHaveOne(DiagnosticCodes.MissingProjectFile, "weir.yaml", 0);
    }

    [Fact]
    public void Load_MisspeltKey_ReportsUnknownKeyWithDidYouMean()
    {
        var project = ProjectWith(new()
        {
            ["models/orders.sql"] = "select 1",
            ["models/orders.yaml"] = "models:\n  - name: orders\n    materialised: view\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.UnknownKey, "models/orders.yaml", 3);
        error.Message.ShouldBe("unknown key 'materialised'");
        error.Hint.ShouldBe("did you mean 'materialized'?");
        error.Location.Column.ShouldBe(5);
    }

    [Fact]
    public void Load_UnknownKeyFarFromAnyKnown_ListsTheValidKeys()
    {
        var project = Project(new() { ["weir.yaml"] = "name: shop\nwarehouse: big\n" });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.UnknownKey, "weir.yaml", 2)
            .Hint.ShouldBe("valid keys: name, engine, state, lake, external, vars, run");
    }

    [Fact]
    public void Load_SourceWithoutName_ReportsMissingKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - kind: csv\n    path: data/a.csv\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.MissingKey, "sources/shop.yaml", 2)
            .Message.ShouldBe("source is missing required key 'name'");
    }

    [Fact]
    public void Load_ProjectWithoutName_ReportsMissingKeyButStillReturnsTheProject()
    {
        var project = Project(new() { ["weir.yaml"] = "engine: duckdb\n" });

        var (spec, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.MissingKey, "weir.yaml", 1);
        spec.ShouldNotBeNull();
    }

    [Fact]
    public void Load_BadMaterializedValue_ReportsInvalidValueWithGuess()
    {
        var project = ProjectWith(new()
        {
            ["models/orders.sql"] = "select 1",
            ["models/orders.yaml"] = "models:\n  - name: orders\n    materialized: tabel\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "models/orders.yaml", 3);
        error.Message.ShouldBe("materialized 'tabel' is not valid");
        error.Hint.ShouldBe("did you mean 'table'? (valid values: table, view, incremental)");
    }

    [Theory]
    [InlineData("nats", "kind 'nats' is not supported yet")]
    [InlineData("xlsx", "kind 'xlsx' is not valid")]
    public void Load_UnsupportedSourceKind_ReportsInvalidValue(string kind, string message)
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = $"sources:\n  - name: raw\n    kind: {kind}\n    path: data/a.csv\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/shop.yaml", 3).Message.ShouldBe(message);
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Fact]
    public void Load_YamlSyntaxError_ReportsWeir100AtTheLine()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: raw\n    kind: csv: bad\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.YamlSyntax, "sources/shop.yaml", 3).Message.ShouldStartWith("invalid YAML: ");
    }

    [Fact]
    public void Load_UnclosedFlowList_ReportsWeir100()
    {
        var project = ProjectWith(new()
        {
            ["models/a.sql"] = "select 1",
            ["models/a.yaml"] = "models:\n  - name: a\n    tags: [x, y\n    owner: me\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.Items.ShouldHaveSingleItem();
        error.Code.ShouldBe(DiagnosticCodes.YamlSyntax);
        error.Location.File.ShouldBe("models/a.yaml");
        error.ToString()
            .ShouldBe("models/a.yaml:4:5: error WEIR100: invalid YAML: a '[' or '{' is not closed " +
                "(hint: close the list or map opened above this line)");
    }

    [Fact]
    public void Load_DuplicateYamlKey_ReportsWeir100()
    {
        var project = Project(new() { ["weir.yaml"] = "name: a\nname: b\n" });

        var (spec, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.YamlSyntax, "weir.yaml", 2).Message.ShouldContain("Duplicate key");
        spec.ShouldBeNull();
    }

    [Fact]
    public void Load_SourceAndModelWithOneName_ReportsDuplicateNamingBoth()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: orders\n    kind: csv\n    path: data/*.csv\n",
            ["models/Orders.sql"] = "select 1",
        });

        var (spec, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.DuplicateName, "models/Orders.sql", 1);
        error.Message.ShouldBe("asset name 'Orders' is used twice: source at sources/shop.yaml:2:5 and model at models/Orders.sql:1");
        spec.ShouldNotBeNull().Assets.ShouldHaveSingleItem().Name.ShouldBe("orders");
    }

    [Fact]
    public void Load_TwoSqlFilesWithOneStem_ReportsDuplicateNamingBothFiles()
    {
        var project = ProjectWith(new()
        {
            ["models/a/orders.sql"] = "select 1",
            ["models/b/ORDERS.sql"] = "select 2",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.DuplicateName, "models/b/ORDERS.sql", 1)
            .Message.ShouldBe("model 'ORDERS' is defined twice: models/a/orders.sql and models/b/ORDERS.sql");
    }

    [Fact]
    public void Load_TwoEntriesForOneModel_ReportsDuplicate()
    {
        var project = ProjectWith(new()
        {
            ["models/orders.sql"] = "select 1",
            ["models/a.yaml"] = "models:\n  - name: orders\n",
            ["models/b.yaml"] = "models:\n  - name: orders\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.DuplicateName, "models/b.yaml", 2).Message.ShouldContain("models/a.yaml:2:5");
    }

    [Fact]
    public void Load_MissingEnvironmentVariable_ReportsWeir105WithoutAnyValue()
    {
        var project = ProjectWith(new()
        {
            ["sources/db.yaml"] =
                "sources:\n  - name: raw\n    kind: csv\n    path: data/a.csv\n    options:\n      password: ${DB_PASSWORD}\n",
        });

        var (_, diagnostics) = project.Load(new Dictionary<string, string> { ["OTHER"] = "s3cr3t" });

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.MissingVariable, "sources/db.yaml", 6);
        error.Message.ShouldBe("environment variable 'DB_PASSWORD' is not set");
        error.Hint.ShouldBe("set DB_PASSWORD, or give a default: ${DB_PASSWORD:-value}");
    }

    [Fact]
    public void Load_ModelEntryWithoutSqlFile_ReportsWeir107()
    {
        var project = ProjectWith(new()
        {
            ["models/orders.sql"] = "select 1",
            ["models/models.yaml"] = "models:\n  - name: orders\n  - name: ordres\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.ModelWithoutSql, "models/models.yaml", 3);
        error.Message.ShouldBe("model 'ordres' has no SQL file");
        error.Hint.ShouldBe("did you mean 'orders'?");
    }

    [Fact]
    public void Load_SeedEntryWithoutCsv_ReportsWeir107()
    {
        var project = ProjectWith(new() { ["seeds/seeds.yaml"] = "seeds:\n  - name: countries\n" });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.ModelWithoutSql, "seeds/seeds.yaml", 2).Hint.ShouldBe("add seeds/countries.csv");
    }

    [Theory]
    [InlineData("unique_key: [id]")]
    [InlineData("cursor: updated_at")]
    public void Load_IncrementalKeyOnTableModel_ReportsInvalidValueWithHint(string line)
    {
        var project = ProjectWith(new()
        {
            ["models/orders.sql"] = "select 1",
            ["models/orders.yaml"] = $"models:\n  - name: orders\n    materialized: table\n    {line}\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "models/orders.yaml", 4);
        error.Message.ShouldEndWith("applies only to incremental models");
        error.Hint.ShouldStartWith("set 'materialized: incremental'");
    }

    [Fact]
    public void Load_UnknownCheck_ReportsWeir300WithDidYouMean()
    {
        var project = ProjectWith(new()
        {
            ["seeds/s.csv"] = "a\n1\n",
            ["seeds/s.yaml"] = "seeds:\n  - name: s\n    columns:\n      - name: a\n        checks: [not_nul]\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "seeds/s.yaml", 5);
        error.Message.ShouldBe("unknown check 'not_nul'");
        error.Hint.ShouldBe("did you mean 'not_null'?");
    }

    [Fact]
    public void Load_AcceptedValuesWithoutValues_ReportsWeir300()
    {
        var project = ProjectWith(new()
        {
            ["models/m.sql"] = "select 1 as a",
            ["models/m.yaml"] =
                "models:\n  - name: m\n    columns:\n      - name: a\n        checks:\n          - accepted_values: { severity: warn }\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "models/m.yaml", 6)
            .Message.ShouldBe("check 'accepted_values' needs 'values'");
        spec.ShouldNotBeNull().Models.ShouldHaveSingleItem().Columns.ShouldHaveSingleItem().Checks.ShouldBeEmpty();
    }

    [Fact]
    public void Load_RowCountMinAboveMax_ReportsWeir300()
    {
        var project = ProjectWith(new()
        {
            ["models/m.sql"] = "select 1",
            ["models/m.yaml"] = "models:\n  - name: m\n    checks:\n      - row_count:\n          min: 10\n          max: 5\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "models/m.yaml", 4)
            .Message.ShouldBe("check 'row_count' has 'min' greater than 'max'");
    }

    [Fact]
    public void Load_ColumnCheckAtTableLevel_ReportsWeir300()
    {
        var project = ProjectWith(new()
        {
            ["models/m.sql"] = "select 1",
            ["models/m.yaml"] = "models:\n  - name: m\n    checks: [not_null]\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "models/m.yaml", 3);
        error.Message.ShouldBe("'not_null' is a column check, not a table check");
        error.Hint.ShouldStartWith("move it under a column's checks:; table checks: anomaly, drift, expression, freshness,");
    }

    [Fact]
    public void Load_BadCheckSeverity_ReportsWeir300()
    {
        var project = ProjectWith(new()
        {
            ["models/m.sql"] = "select 1",
            ["models/m.yaml"] = "models:\n  - name: m\n    checks:\n      - row_count: { min: 1, severity: warning }\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "models/m.yaml", 4).Hint.ShouldBe("did you mean 'warn'?");
    }

    [Fact]
    public void Load_WrongShapes_ReportInvalidValue()
    {
        var project = Project(new()
        {
            ["weir.yaml"] = "name: shop\nexternal: { a: b }\nrun:\n  threads: 0\n  timeout: soon\n  retries: -1\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.Items.Select(d => (d.Code, d.Location.Line)).ShouldBe(
        [
            (DiagnosticCodes.InvalidValue, 2),
            (DiagnosticCodes.InvalidValue, 4),
            (DiagnosticCodes.InvalidValue, 5),
            (DiagnosticCodes.InvalidValue, 6),
        ]);
        diagnostics.Items[0].Message.ShouldBe("'external' must be a list, not a map");
        diagnostics.Items[1].Message.ShouldBe("'threads' must be an integer >= 1, not '0'");
        diagnostics.Items[2].Hint.ShouldBe("write 500ms, 30s, 5m, 1h, 1d or a number of seconds");
    }

    [Fact]
    public void Load_ThreeMistakesInTwoFiles_ReportsAllThree()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: raw\n    kind: csv\n    pth: data/a.csv\n",
            ["models/m.sql"] = "select 1",
            ["models/m.yaml"] = "models:\n  - name: m\n    materialized: tabel\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.Items.Select(d => d.ToString()).ShouldBe(
        [
            "models/m.yaml:3:19: error WEIR103: materialized 'tabel' is not valid " +
                "(hint: did you mean 'table'? (valid values: table, view, incremental))",
            "sources/shop.yaml:2:5: error WEIR102: source is missing required key 'path' " +
                "(hint: write the file's path or a glob relative to the project, e.g. data/orders/*.csv)",
            "sources/shop.yaml:4:5: error WEIR101: unknown key 'pth' (hint: did you mean 'path'?)",
        ]);
    }

    [Fact]
    public void Load_PathsWithANullCharacter_ReportInvalidValueInsteadOfThrowing()
    {
        var project = Project(new()
        {
            ["weir.yaml"] = "name: shop\nstate: \"st\\0ate\"\n",
            ["sources/s.yaml"] = "sources:\n  - name: raw\n    kind: csv\n    path: \"data/\\0*.csv\"\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.Select(d => (d.Code, d.Location.File, d.Location.Line)).ShouldBe(
        [
            (DiagnosticCodes.InvalidValue, "sources/s.yaml", 4),
            (DiagnosticCodes.InvalidValue, "weir.yaml", 2),
        ]);
        spec.ShouldNotBeNull().StateDirectory.ShouldBe(Path.Combine(project.Root, ".weir"));
    }

    [Theory]
    [InlineData("postgres", "engine 'postgres' is not supported yet")]
    [InlineData("duckbd", "engine 'duckbd' is not valid")]
    public void Load_UnsupportedEngine_ReportsInvalidValue(string engine, string message)
    {
        var project = Project(new() { ["weir.yaml"] = $"name: shop\nengine: {engine}\n" });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "weir.yaml", 2).Message.ShouldBe(message);
    }

    [Fact]
    public void Load_MisspeltTopLevelKey_SuggestsIt()
    {
        var project = ProjectWith(new() { ["sources/s.yaml"] = "source:\n  - name: raw\n" });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.UnknownKey, "sources/s.yaml", 1).Hint.ShouldBe("did you mean 'sources'?");
    }

    [Fact]
    public void Load_SecondYamlDocument_IsReported()
    {
        var project = ProjectWith(new() { ["models/a.sql"] = "select 1", ["models/a.yaml"] = "models:\n  - name: a\n---\nmodels: []\n" });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "models/a.yaml", 4)
            .Message.ShouldBe("a project file holds one YAML document");
    }
}
