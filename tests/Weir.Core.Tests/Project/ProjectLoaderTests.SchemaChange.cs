using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Theory]
    [InlineData("kind: csv\n    path: data/a.csv")]
    [InlineData("kind: sqlite\n    connection: Data Source=app.db\n    table: users")]
    [InlineData("kind: http\n    url: https://api.example.com/users")]
    public void Load_SourceWithoutOnSchemaChange_Evolves(string kind)
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = $"sources:\n  - name: users\n    {kind}\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Errors().ShouldBeEmpty();
        spec.ShouldNotBeNull().Sources.Single().OnSchemaChange.ShouldBe(SchemaChangePolicy.Evolve);
    }

    [Theory]
    [InlineData("kind: csv\n    path: data/a.csv", "evolve", SchemaChangePolicy.Evolve)]
    [InlineData("kind: csv\n    path: data/a.csv", "ignore", SchemaChangePolicy.Ignore)]
    [InlineData("kind: csv\n    path: data/a.csv", "fail", SchemaChangePolicy.Fail)]
    [InlineData("kind: postgres\n    connection: Host=db\n    table: users", "ignore", SchemaChangePolicy.Ignore)]
    [InlineData("kind: sqlite\n    connection: Data Source=app.db\n    table: users", "fail", SchemaChangePolicy.Fail)]
    [InlineData("kind: http\n    url: https://api.example.com/users", "ignore", SchemaChangePolicy.Ignore)]
    public void Load_OnSchemaChange_IsReadForEveryKind(string kind, string value, SchemaChangePolicy expected)
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = $"sources:\n  - name: users\n    {kind}\n    on_schema_change: {value}\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Errors().ShouldBeEmpty();
        spec.ShouldNotBeNull().Sources.Single().OnSchemaChange.ShouldBe(expected);
    }

    [Fact]
    public void Load_UnknownOnSchemaChange_ReportsItsLineWithDidYouMean()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: users\n    kind: csv\n    path: data/a.csv\n    on_schema_change: evolv\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 5);
        error.Message.ShouldBe("on_schema_change 'evolv' is not valid");
        error.Hint.ShouldNotBeNull().ShouldContain("evolve");
        error.Hint.ShouldContain("valid values: evolve, ignore, fail");
    }

    [Fact]
    public void Load_OverwriteOnASource_IsNotValid()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: users\n    kind: csv\n    path: data/a.csv\n    on_schema_change: overwrite\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 5).Message.ShouldBe("on_schema_change 'overwrite' is not valid");
    }

    [Fact]
    public void Load_OnSchemaChangeOnDeltaSource_IsAnError()
    {
        var project = ProjectWith(new()
        {
            ["sources/s.yaml"] = "sources:\n  - name: a\n    kind: delta\n    path: lake/a\n    on_schema_change: fail\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 5).Message
            .ShouldBe("'on_schema_change' does not apply to delta sources");
    }
}
