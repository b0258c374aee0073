using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Fact]
    public void Load_IncrementalPostgresSource_ReadsEveryDatabaseKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = """
                sources:
                  - name: orders
                    kind: postgres
                    connection: ${ORDERS_DB}
                    table: public.orders
                    mode: incremental
                    cursor: updated_at
                    lookback: 10m
                    primary_key: [id]
                """,
        });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["ORDERS_DB"] = "Host=db;Password=hunter2" });

        diagnostics.HasErrors.ShouldBeFalse();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.Format.ShouldBe(SourceFormat.Postgres);
        source.IsDatabase.ShouldBeTrue();
        source.Connection.ShouldBe("Host=db;Password=hunter2");
        source.Table.ShouldBe("public.orders");
        source.Query.ShouldBeNull();
        source.Mode.ShouldBe(SourceLoadMode.Incremental);
        source.Cursor.ShouldBe("updated_at");
        source.Lookback.ShouldBe(TimeSpan.FromMinutes(10));
        source.PrimaryKey.ShouldBe(["id"]);
        source.Path.ShouldBeEmpty();
    }

    [Fact]
    public void Load_SqliteSourceWithQuery_DefaultsToFullRefreshOverwrite()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: sqlite\n    connection: Data Source=app.db\n    query: SELECT * FROM users\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.HasErrors.ShouldBeFalse();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.Format.ShouldBe(SourceFormat.Sqlite);
        source.Query.ShouldBe("SELECT * FROM users");
        source.Mode.ShouldBe(SourceLoadMode.FullRefresh);
        source.WriteMode.ShouldBe(SourceWriteMode.Overwrite);
    }

    [Fact]
    public void Load_FullRefreshAppend_ReadsTheWriteMode()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: sqlite\n    connection: Data Source=app.db\n    table: users\n    write: append\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.HasErrors.ShouldBeFalse();
        spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem().WriteMode.ShouldBe(SourceWriteMode.Append);
    }

    [Fact]
    public void Load_DatabaseSourceWithoutConnection_ReportsMissingKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: postgres\n    table: users\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.MissingKey, "sources/shop.yaml", 2)
            .Message.ShouldBe("postgres source is missing required key 'connection'");
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Fact]
    public void Load_DatabaseSourceWithTableAndQuery_ReportsExactlyOne()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: sqlite\n    connection: Data Source=a.db\n    table: users\n    query: SELECT 1\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/shop.yaml", 6)
            .Message.ShouldBe("a sqlite source takes exactly one of 'table' or 'query'");
    }

    [Fact]
    public void Load_DatabaseSourceWithNeitherTableNorQuery_ReportsExactlyOne()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: sqlite\n    connection: Data Source=a.db\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/shop.yaml", 2)
            .Message.ShouldBe("a sqlite source takes exactly one of 'table' or 'query'");
    }

    [Fact]
    public void Load_IncrementalWithoutCursorAndKey_ReportsBoth()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: sqlite\n    connection: Data Source=a.db\n    table: users\n    mode: incremental\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Message).ShouldBe(
        [
            "an incremental source is missing required key 'cursor'",
            "an incremental source is missing required key 'primary_key'",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Load_DatabaseSourceWithPath_ReportsPathDoesNotApply()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: sqlite\n    connection: Data Source=a.db\n    table: users\n    path: a.db\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/shop.yaml", 6)
            .Message.ShouldBe("'path' does not apply to sqlite sources");
    }

    [Fact]
    public void Load_FileSourceWithConnection_ReportsDatabaseOnlyKey()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: csv\n    path: a.csv\n    connection: x\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/shop.yaml", 5)
            .Message.ShouldBe("'connection' applies only to database sources (kind: postgres or sqlite)");
    }

    [Fact]
    public void Load_IncrementalWithWrite_ReportsWriteIsFullRefreshOnly()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = """
                sources:
                  - name: users
                    kind: sqlite
                    connection: Data Source=a.db
                    table: users
                    mode: incremental
                    cursor: ts
                    primary_key: id
                    write: append
                """,
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/shop.yaml", 9)
            .Message.ShouldBe("'write' applies only to mode: full_refresh");
    }

    [Fact]
    public void Load_BadLookbackAndEmptyConnection_NeverShowsTheConnectionString()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = """
                sources:
                  - name: users
                    kind: postgres
                    connection: ${DB}
                    table: users
                    mode: incremental
                    cursor: ts
                    primary_key: id
                    lookback: soon
                """,
        });

        var (spec, diagnostics) = project.Load(new Dictionary<string, string> { ["DB"] = "Host=h;Password=hunter2" });

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/shop.yaml", 9).Message.ShouldContain("'lookback'");
        string.Join("\n", diagnostics.Items.Select(d => d.ToString())).ShouldNotContain("hunter2");
        spec.ShouldNotBeNull().Sources.ShouldBeEmpty();
    }

    [Fact]
    public void Load_WhitespaceConnection_ReportsInvalidValue()
    {
        var project = ProjectWith(new()
        {
            ["sources/shop.yaml"] = "sources:\n  - name: users\n    kind: sqlite\n    connection: ${DB}\n    table: users\n",
        });

        var (_, diagnostics) = project.Load(new Dictionary<string, string> { ["DB"] = " " });

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/shop.yaml", 4)
            .Message.ShouldBe("'connection' must be a non-empty connection string");
    }
}
