using Weir.Diagnostics;
using Weir.Project;
using Weir.Quality.Profiling;
using static Weir.Quality.Tests.TestChecks;

namespace Weir.Quality.Tests.Profiling;

public sealed class ProfilePolicyTests
{
    [Fact]
    public void IsProfiled_SourceByDefault_True() => ProfilePolicy.IsProfiled(Source(null)).ShouldBeTrue();

    [Fact]
    public void IsProfiled_SourceOptedOut_False() => ProfilePolicy.IsProfiled(Source(false)).ShouldBeFalse();

    [Fact]
    public void IsProfiled_TableModelWithoutChecksOrKey_False() => ProfilePolicy.IsProfiled(Model(Materialization.Table, null)).ShouldBeFalse();

    [Fact]
    public void IsProfiled_ModelOptedIn_True() => ProfilePolicy.IsProfiled(Model(Materialization.Incremental, true)).ShouldBeTrue();

    [Fact]
    public void IsProfiled_ViewModelEvenOptedIn_False() => ProfilePolicy.IsProfiled(Model(Materialization.View, true)).ShouldBeFalse();

    [Theory]
    [InlineData("anomaly", true)]
    [InlineData("drift", true)]
    [InlineData("not_null", false)]
    public void IsProfiled_ModelWithCheck_TrueForAnomalyAndDrift(string type, bool expected) =>
        ProfilePolicy.IsProfiled(Model(Materialization.Table, null, Check(type, "amount"))).ShouldBe(expected);

    private static SourceSpec Source(bool? profile) => new()
    {
        Name = "raw",
        Location = new SourceLocation("sources/raw.yaml", 1),
        Format = SourceFormat.Csv,
        Path = "data/*.csv",
        Profile = profile,
    };

    private static ModelSpec Model(Materialization materialized, bool? profile, params CheckSpec[] checks) => new()
    {
        Name = "m",
        Location = new SourceLocation("models/m.sql", 1),
        Sql = "SELECT 1",
        SqlFile = "models/m.sql",
        Materialized = materialized,
        Profile = profile,
        Columns = [.. checks.Select(c => new ColumnSpec(c.Column!, null, null, [c], SourceLocation.None))],
    };
}
