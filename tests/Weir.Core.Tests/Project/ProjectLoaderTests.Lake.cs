using Weir.Core.Tests.TestSupport;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.Project;

public sealed partial class ProjectLoaderTests
{
    [Fact]
    public void Load_NoLakeKey_LakeDefaultsToLakeFolderWithDefaults()
    {
        var project = ProjectWith([]);

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        var lake = spec.ShouldNotBeNull().Lake;
        lake.Root.ShouldBe(Path.Combine(project.Root, "lake"));
        lake.Retention.ShouldBe(TimeSpan.FromDays(7));
        lake.CheckpointInterval.ShouldBe(LakeSettings.DefaultCheckpointInterval);
        lake.TargetFileSize.ShouldBe(LakeSettings.DefaultTargetFileSize);
        lake.ParquetVersion.ShouldBe(2);
    }

    [Fact]
    public void Load_LakeAsFolder_SetsTheRoot()
    {
        var project = Project(new() { ["weir.yaml"] = "name: shop\nlake: ../shared-lake\n" });

        var (spec, _) = project.Load();

        spec.ShouldNotBeNull().Lake.Root.ShouldBe(Path.GetFullPath(Path.Combine(project.Root, "../shared-lake")));
    }

    [Fact]
    public void Load_LakeMap_ReadsEverySetting()
    {
        var project = Project(new()
        {
            ["weir.yaml"] = "name: shop\nlake:\n  path: data/lake\n  retention: 30d\n  checkpoint_interval: 25\n  target_file_size: 64MB\n  parquet_version: 1\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        var lake = spec.ShouldNotBeNull().Lake;
        lake.Root.ShouldBe(Path.Combine(project.Root, "data", "lake"));
        lake.Retention.ShouldBe(TimeSpan.FromDays(30));
        lake.CheckpointInterval.ShouldBe(25);
        lake.TargetFileSize.ShouldBe(64L * 1024 * 1024);
        lake.ParquetVersion.ShouldBe(1);
    }

    [Fact]
    public void Load_BadParquetVersion_ReportsInvalidValueAtItsLine()
    {
        var project = Project(new() { ["weir.yaml"] = "name: shop\nlake:\n  path: data/lake\n  parquet_version: 3\n" });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "weir.yaml", 4).Message.ShouldContain("parquet_version");
    }

    [Fact]
    public void Load_BadTargetFileSize_ReportsInvalidValueAtItsLine()
    {
        var project = Project(new() { ["weir.yaml"] = "name: shop\nlake:\n  target_file_size: huge\n" });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "weir.yaml", 3).Message.ShouldContain("must be a size");
    }

    [Fact]
    public void Load_Zones_DefaultBySourceKindAndStagingFolder_AndCanBeSet()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: raw_a\n    kind: csv\n    path: data/a.csv\n    partition_by: [id]\n",
            ["seeds/codes.csv"] = "code\nx\n",
            ["models/staging/stg_a.sql"] = "select * from raw_a",
            ["models/marts/mart_a.sql"] = "select * from stg_a",
            ["models/marts/special.sql"] = "select * from stg_a",
            ["models/marts/marts.yaml"] = "models:\n  - name: special\n    zone: staging\n    partition_by: id\n    on_schema_change: overwrite\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        var assets = spec.ShouldNotBeNull().Assets.ToDictionary(a => a.Name);
        assets["raw_a"].Zone.ShouldBe(LakeZone.Raw);
        assets["raw_a"].PartitionBy.ShouldBe(["id"]);
        assets["codes"].Zone.ShouldBe(LakeZone.Raw);
        assets["stg_a"].Zone.ShouldBe(LakeZone.Staging);
        assets["mart_a"].Zone.ShouldBe(LakeZone.Curated);
        assets["special"].Zone.ShouldBe(LakeZone.Staging);
        assets["special"].PartitionBy.ShouldBe(["id"]);
        ((ModelSpec)assets["special"]).OnSchemaChange.ShouldBe(SchemaChangePolicy.Overwrite);
        ((ModelSpec)assets["mart_a"]).OnSchemaChange.ShouldBe(SchemaChangePolicy.Evolve);
    }

    [Fact]
    public void Load_BadZone_ReportsInvalidValue()
    {
        var project = ProjectWith(new()
        {
            ["models/a.sql"] = "select 1",
            ["models/a.yaml"] = "models:\n  - name: a\n    zone: gold\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "models/a.yaml", 3);
    }

    [Fact]
    public void Load_PartitionByOnView_ReportsThatViewsStoreNothing()
    {
        var project = ProjectWith(new()
        {
            ["models/a.sql"] = "select 1 as x",
            ["models/a.yaml"] = "models:\n  - name: a\n    materialized: view\n    partition_by: [x]\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "models/a.yaml", 4).Message.ShouldContain("does not apply to views");
    }

    [Fact]
    public void Load_DeltaSource_ReadsPathAndVersion()
    {
        var project = ProjectWith(new()
        {
            ["tables/events/_delta_log/00000000000000000000.json"] = "{}\n",
            ["sources/s.yaml"] = "sources:\n  - name: events\n    kind: delta\n    path: tables/events\n    version: 3\n",
        });

        var (spec, diagnostics) = project.Load();

        diagnostics.Items.ShouldBeEmpty();
        var source = spec.ShouldNotBeNull().Sources.ShouldHaveSingleItem();
        source.Format.ShouldBe(SourceFormat.Delta);
        source.Version.ShouldBe(3);
        source.Timestamp.ShouldBeNull();
    }

    [Fact]
    public void Load_DeltaSourceAtTimestamp_ParsesIsoAsUtc()
    {
        var project = ProjectWith(new()
        {
            ["tables/events/_delta_log/00000000000000000000.json"] = "{}\n",
            ["sources/s.yaml"] = "sources:\n  - name: events\n    kind: delta\n    path: tables/events\n    timestamp: 2026-01-31T12:00:00\n",
        });

        var (spec, _) = project.Load();

        spec.ShouldNotBeNull().Sources.Single().Timestamp.ShouldBe(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Load_DeltaSourceWithoutLog_WarnsAtThePath()
    {
        var project = ProjectWith(new()
        {
            ["sources/s.yaml"] = "sources:\n  - name: events\n    kind: delta\n    path: tables/none\n",
        });

        var (_, diagnostics) = project.Load();

        var warning = diagnostics.Items.ShouldHaveSingleItem();
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
        warning.Location.Line.ShouldBe(4);
        warning.Message.ShouldContain("no _delta_log");
    }

    [Fact]
    public void Load_VersionOnCsvSource_ReportsItAppliesOnlyToDelta()
    {
        var project = ProjectWith(new()
        {
            ["data/a.csv"] = "id\n1\n",
            ["sources/s.yaml"] = "sources:\n  - name: a\n    kind: csv\n    path: data/a.csv\n    version: 2\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 5).Message.ShouldContain("only to delta sources");
    }

    [Fact]
    public void Load_DeltaSourceWithVersionAndTimestamp_ReportsOneOfThem()
    {
        var project = ProjectWith(new()
        {
            ["tables/e/_delta_log/00000000000000000000.json"] = "{}\n",
            ["sources/s.yaml"] = "sources:\n  - name: e\n    kind: delta\n    path: tables/e\n    version: 1\n    timestamp: 2026-01-01\n",
        });

        var (_, diagnostics) = project.Load();

        diagnostics.ShouldHaveOne(DiagnosticCodes.InvalidValue, "sources/s.yaml", 6).Message.ShouldContain("not both");
    }
}
