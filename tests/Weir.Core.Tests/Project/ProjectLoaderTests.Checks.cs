using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Fact]
    public void Load_CheckOptions_ParsesWhereFailIfAndQuarantineApartFromArguments()
    {
        var project = ProjectWith(new()
        {
            ["data/orders.csv"] = "id,amount,status\n1,5,paid\n",
            ["sources/shop.yaml"] = """
                sources:
                  - name: raw_orders
                    kind: csv
                    path: data/orders.csv
                    columns:
                      - name: amount
                        checks:
                          - range: { min: 0, where: "status <> 'test'", fail_if: 1%, quarantine: true }
                          - not_null: { fail_if: 10, severity: warn }
                          - accepted_values: { values: [1, 5], fail_if: 0.05, quarantine: false }
                    checks:
                      - unique: { columns: [id, status], where: "id > 0" }
                """,
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Errors().ShouldBeEmpty();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        var checks = source.AllChecks.ToList();
        var unique = checks[0];
        unique.Where.ShouldBe("id > 0");
        unique.Arguments.Keys.ShouldBe(["columns"]);
        var range = checks[1];
        range.Where.ShouldBe("status <> 'test'");
        range.FailIf.ShouldBe(new BadRowLimit(null, 0.01));
        range.Quarantine.ShouldBeTrue();
        range.Arguments.Keys.ShouldBe(["min"]);
        checks[2].FailIf.ShouldBe(new BadRowLimit(10, null));
        checks[2].Severity.ShouldBe(CheckSeverity.Warn);
        checks[2].Where.ShouldBeNull();
        checks[2].Quarantine.ShouldBeFalse();
        checks[3].FailIf.ShouldBe(new BadRowLimit(null, 0.05));
        checks[3].Quarantine.ShouldBeFalse();
    }

    [Theory]
    [InlineData("where: \"\"")]
    [InlineData("fail_if: lots")]
    [InlineData("fail_if: 150%")]
    [InlineData("quarantine: maybe")]
    public void Load_BadCheckOption_ReportsAnInvalidCheckAtItsLine(string option)
    {
        var project = ProjectWith(new()
        {
            ["models/orders.sql"] = "select 1 as id",
            ["models/orders.yaml"] = $"models:\n  - name: orders\n    columns:\n      - name: id\n        checks:\n          - not_null: {{ {option} }}\n",
        });

        var (_, diagnostics) = project.Load();

        var error = diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidCheck, "models/orders.yaml", 6);
        error.Message.ShouldContain(option[..option.IndexOf(':', StringComparison.Ordinal)]);
    }
}
