using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests : IDisposable
{
    private readonly List<TempProject> _projects = [];

    public void Dispose()
    {
        foreach (var project in _projects)
        {
            project.Dispose();
        }
    }

    private TempProject Project(Dictionary<string, string> files)
    {
        var project = new TempProject(files);
        _projects.Add(project);
        return project;
    }

    /// <summary>A valid project plus <paramref name="files"/> (which may replace its files).</summary>
    private TempProject ProjectWith(Dictionary<string, string> files)
    {
        var all = new Dictionary<string, string> { ["weir.yaml"] = "name: shop\n" };
        foreach (var (path, text) in files)
        {
            all[path] = text;
        }

        return Project(all);
    }

    [Fact]
    public void Load_CompleteProject_ReadsEverySetting()
    {
        var project = Project(new()
        {
            ["weir.yaml"] = """
                name: shop
                engine: duckdb
                state: .state
                external: [main.legacy_orders]
                vars:
                  region: ${REGION:-eu}
                  owner: data
                run:
                  threads: 8
                  retries: 2
                  retry_delay: 500ms
                  timeout: 5m
                """,
            ["sources/shop.yaml"] = """
                sources:
                  - name: raw_orders
                    kind: csv
                    path: data/orders/*.csv
                    description: Orders as exported
                    owner: ops@example.com
                    tags: [raw, shop]
                    primary_key: Order ID
                    options: { delimiter: ";", header: true }
                    retries: 3
                    timeout: 30s
                    columns:
                      - name: Order ID
                        type: BIGINT
                        description: The key
                        checks: [not_null, unique]
                      - name: status
                        checks:
                          - accepted_values: { values: [open, shipped], severity: warn }
                    checks:
                      - row_count: { min: 1 }
                """,
            ["data/orders/2024.csv"] = "order_id,status\n1,open\n",
            ["models/staging/stg_orders.sql"] = "select * from raw_orders",
            ["models/daily_revenue.sql"] = "select 1 as day",
            ["models/models.yaml"] = """
                models:
                  - name: daily_revenue
                    materialized: incremental
                    unique_key: [day]
                    cursor: day
                    owner: finance@example.com
                    tags: finance
                """,
            ["seeds/countries.csv"] = "code,name\nFR,France\n",
            ["seeds/seeds.yml"] = """
                seeds:
                  - name: countries
                    description: ISO countries
                    columns:
                      - name: code
                        checks: [unique]
                """,
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        spec.ShouldNotBeNull();
        spec.Name.ShouldBe("shop");
        spec.RootDirectory.ShouldBe(project.Root);
        spec.StateDirectory.ShouldBe(Path.Combine(project.Root, ".state"));
        spec.External.ShouldBe(["main.legacy_orders"]);
        spec.Vars.ShouldBe(new Dictionary<string, string> { ["region"] = "eu", ["owner"] = "data" }, ignoreOrder: true);
        spec.RunDefaults.Threads.ShouldBe(8);
        spec.RunDefaults.Retries.ShouldBe(2);
        spec.RunDefaults.RetryDelay.ShouldBe(TimeSpan.FromMilliseconds(500));
        spec.RunDefaults.Timeout.ShouldBe(TimeSpan.FromMinutes(5));

        var source = spec.Sources.ShouldHaveSingleItem();
        source.Name.ShouldBe("raw_orders");
        source.Format.ShouldBe(SourceFormat.Csv);
        source.Path.ShouldBe("data/orders/*.csv");
        source.Location.ShouldBe(new SourceLocation("sources/shop.yaml", 2, 5));
        source.Owner.ShouldBe("ops@example.com");
        source.Tags.ShouldBe(["raw", "shop"]);
        source.PrimaryKey.ShouldBe(["Order ID"]);
        source.Options["delimiter"].ShouldBe(";");
        source.Options["header"].ShouldBe("true");
        source.Retries.ShouldBe(3);
        source.Timeout.ShouldBe(TimeSpan.FromSeconds(30));
        source.Columns.Select(c => c.Name).ShouldBe(["Order ID", "status"]);
        source.Columns[0].Type.ShouldBe("BIGINT");
        source.Columns[0].Checks.Select(c => c.DisplayName).ShouldBe(["not_null(Order ID)", "unique(Order ID)"]);
        var accepted = source.Columns[1].Checks.ShouldHaveSingleItem();
        accepted.Severity.ShouldBe(CheckSeverity.Warn);
        accepted.Arguments.Keys.ShouldBe(["values"]);
        accepted.Arguments["values"].ShouldBe(new List<object?> { "open", "shipped" });
        accepted.Location.ShouldBe(new SourceLocation("sources/shop.yaml", 19, 13));
        var rowCount = source.Checks.ShouldHaveSingleItem();
        rowCount.Type.ShouldBe("row_count");
        rowCount.Column.ShouldBeNull();
        rowCount.Arguments["min"].ShouldBe("1");

        spec.Models.Select(m => m.Name).ShouldBe(["daily_revenue", "stg_orders"]);
        var revenue = spec.Models[0];
        revenue.SqlFile.ShouldBe("models/daily_revenue.sql");
        revenue.Location.ShouldBe(new SourceLocation("models/daily_revenue.sql", 1));
        revenue.Sql.ShouldBe("select 1 as day");
        revenue.Materialized.ShouldBe(Materialization.Incremental);
        revenue.UniqueKey.ShouldBe(["day"]);
        revenue.Cursor.ShouldBe("day");
        revenue.Tags.ShouldBe(["finance"]);
        spec.Models[1].SqlFile.ShouldBe("models/staging/stg_orders.sql");
        spec.Models[1].Materialized.ShouldBe(Materialization.Table);

        var seed = spec.Seeds.ShouldHaveSingleItem();
        seed.Name.ShouldBe("countries");
        seed.Path.ShouldBe(Path.Combine(project.Root, "seeds", "countries.csv"));
        seed.Description.ShouldBe("ISO countries");
        seed.Columns.ShouldHaveSingleItem().Checks.ShouldHaveSingleItem().Type.ShouldBe("unique");
        spec.Assets.Count().ShouldBe(4);
    }

    [Fact]
    public void Load_MinimalProject_UsesDefaults()
    {
        var project = Project(new() { ["weir.yaml"] = "name: tiny\n" });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        spec.ShouldNotBeNull();
        spec.Engine.ShouldBe("duckdb");
        spec.StateDirectory.ShouldBe(Path.Combine(project.Root, ".weir"));
        spec.RunDefaults.Threads.ShouldBe(ProjectSpec.DefaultThreads);
        spec.Assets.ShouldBeEmpty();
    }

    [Fact]
    public void Load_EmptyFilesAndFilesWithoutTopLevelKey_AreFine()
    {
        var project = ProjectWith(new()
        {
            ["sources/empty.yaml"] = string.Empty,
            ["sources/comment.yaml"] = "# nothing yet\n",
            ["models/empty.yml"] = "models:\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        spec.ShouldNotBeNull().Assets.ShouldBeEmpty();
    }

    [Fact]
    public void Load_SourcePathMatchingNoFile_WarnsWithoutError()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: raw_orders\n    kind: parquet\n    path: incoming/*.parquet\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.HasErrors.ShouldBeFalse();
        var warning = diagnostics.ShouldHaveOne(DiagnosticCodes.NoFilesMatch, "sources/shop.yaml", 4);
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
        spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem().Format.ShouldBe(SourceFormat.Parquet);
    }

    [Fact]
    public void Load_EnvironmentVariables_AreInterpolatedInValues()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = """
                sources:
                  - name: raw_orders
                    kind: ${ORDERS_KIND}
                    path: ${DATA_DIR:-data}/orders.csv
                    options: { note: "costs $${PRICE}" }
                """,
        });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["ORDERS_KIND"] = "json" });

        diagnostics.HasErrors.ShouldBeFalse();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.Format.ShouldBe(SourceFormat.Json);
        source.Path.ShouldBe("data/orders.csv");
        source.Options["note"].ShouldBe("costs ${PRICE}");
    }

    [Fact]
    public void Load_InvalidInterpolatedValue_ShowsTheReferenceNotTheSecret()
    {
        var project = Project(new() { ["weir.yaml"] = "name: shop\nrun:\n  threads: ${THREADS}\n" });

        var (_, diagnostics) = project.Load(new Dictionary<string, string> { ["THREADS"] = "hunter2" });

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "weir.yaml", 3);
        error.Message.ShouldContain("${THREADS}");
        error.ToString().ShouldNotContain("hunter2");
    }

    [Fact]
    public void Load_ColumnNamesWithSpacesAndCase_AreKeptExactly()
    {
        var project = ProjectWith(new()
        {
            ["seeds/fx.csv"] = "a\n1\n",
            ["seeds/fx.yaml"] = "seeds:\n  - name: fx\n    columns:\n      - name: '  Rate (EUR)'\n      - name: rateEUR\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        spec.ShouldNotBeNull().Seeds.ShouldHaveSingleItem().Columns.Select(c => c.Name).ShouldBe(["  Rate (EUR)", "rateEUR"]);
    }
}
