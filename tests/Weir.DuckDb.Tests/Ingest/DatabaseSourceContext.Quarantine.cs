using Weir.Diagnostics;
using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>Quarantine scenarios: rows whose values do not convert to the declared types, and max_bad_rows.</summary>
public abstract partial class DatabaseSourceContext
{
    protected SourceSpec Readings(BadRowLimit? maxBadRows = null, SourceLoadMode mode = SourceLoadMode.FullRefresh) => new()
    {
        Name = "readings",
        Location = new SourceLocation("sources/shop.yaml", 12, 5),
        Format = Db.Format,
        Path = string.Empty,
        Connection = Db.ConnectionString,
        Table = "readings",
        Mode = mode,
        Cursor = mode == SourceLoadMode.Incremental ? "id" : null,
        PrimaryKey = ["id"],
        Columns = [Column("val", "INTEGER")],
        MaxBadRows = maxBadRows,
    };

    /// <summary>
    /// Values that do not convert to a declared type send their rows to <c>readings__quarantine</c> (source, ordinal,
    /// raw row, reason); the others load, and rows read = rows loaded + rows quarantined.
    /// </summary>
    protected async Task RunQuarantineAsync()
    {
        await SourceAsync("CREATE TABLE readings (id integer PRIMARY KEY, val text, n integer)");
        await SourceAsync("INSERT INTO readings VALUES (1, '10', 1), (2, 'abc', 2), (3, '30', 3), (4, NULL, 4), (5, '5x', 5)");

        var result = await BuildAsync(Readings());

        result.Action.ShouldStartWith("loaded 3 rows of 5 rows read from");
        result.Action.ShouldContain("quarantined 2 rows (see readings__quarantine)");
        var load = result.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined).ShouldBe((5, 3, 2));
        load.RowsRead.ShouldBe(load.RowsLoaded + load.RowsQuarantined);
        load.DeltaVersion.ShouldBe(await LatestVersionAsync(Readings()));
        (await RowsAsync("SELECT id, val, n FROM main.readings ORDER BY id")).ShouldBe(["1|10|1", "3|30|3", "4|NULL|4"]);
        (await RowsAsync("SELECT file, line, raw, reason FROM main.readings__quarantine ORDER BY line")).ShouldBe([
            """readings|2|{"id":2,"val":"abc","n":2}|column "val": "abc" is not INTEGER""",
            """readings|5|{"id":5,"val":"5x","n":5}|column "val": "5x" is not INTEGER""",
        ]);
        (await RowsAsync("SELECT typeof(val) FROM main.readings LIMIT 1")).ShouldBe(["INTEGER"]);
    }

    /// <summary>Over max_bad_rows the load fails and commits nothing, neither rows nor quarantine.</summary>
    protected async Task RunQuarantineOverLimitAsync()
    {
        await SourceAsync("CREATE TABLE readings (id integer PRIMARY KEY, val text, n integer)");
        await SourceAsync("INSERT INTO readings VALUES (1, '10', 1), (2, 'abc', 2)");
        await BuildAsync(Readings());
        var version = await LatestVersionAsync(Readings());
        await SourceAsync("INSERT INTO readings VALUES (3, 'x', 3), (4, 'y', 4), (5, '50', 5)");

        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(Readings(new BadRowLimit(2, null))));

        exception.Message.ShouldContain("3 rows of 5 rows read could not be loaded, over max_bad_rows (2 rows); nothing was loaded");
        (await LatestVersionAsync(Readings())).ShouldBe(version);
        (await RowsAsync("SELECT count(*) FROM main.readings__quarantine")).ShouldBe(["1"]);

        var passing = await BuildAsync(Readings(new BadRowLimit(null, 0.6)));

        var load = passing.Load.ShouldNotBeNull();
        (load.RowsRead, load.RowsLoaded, load.RowsQuarantined).ShouldBe((5, 2, 3));
        (await RowsAsync("SELECT line FROM main.readings__quarantine ORDER BY line")).ShouldBe(["2", "3", "4"]);
    }

    /// <summary>An incremental source appends to its quarantine, reports its watermark, and keeps read = loaded + quarantined.</summary>
    protected async Task RunIncrementalQuarantineAsync()
    {
        await SourceAsync("CREATE TABLE readings (id integer PRIMARY KEY, val text, n integer)");
        await SourceAsync("INSERT INTO readings VALUES (1, '10', 1), (2, 'abc', 2)");
        var first = (await BuildAsync(Readings(mode: SourceLoadMode.Incremental))).Load.ShouldNotBeNull();
        await SourceAsync("INSERT INTO readings VALUES (3, 'x', 3), (4, '40', 4)");

        var second = (await BuildAsync(Readings(mode: SourceLoadMode.Incremental))).Load.ShouldNotBeNull();

        (first.RowsRead, first.RowsLoaded, first.RowsQuarantined, first.WatermarkBefore, first.WatermarkAfter).ShouldBe((2, 1, 1, null, "2"));
        (second.RowsRead, second.RowsLoaded, second.RowsQuarantined, second.WatermarkBefore, second.WatermarkAfter).ShouldBe((3, 1, 2, "2", "4"));
        (await RowsAsync("SELECT id FROM main.readings ORDER BY id")).ShouldBe(["1", "4"]);
        (await RowsAsync("SELECT line, raw FROM main.readings__quarantine ORDER BY raw, line")).ShouldBe([
            """1|{"id":2,"val":"abc","n":2}""",
            """2|{"id":2,"val":"abc","n":2}""",
            """2|{"id":3,"val":"x","n":3}""",
        ]);
    }
}
