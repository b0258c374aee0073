using Microsoft.Extensions.Time.Testing;
using Weir.Graph;
using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>Delete detection scenarios: keys missing from the source are flagged in the lake, never removed.</summary>
public abstract partial class DatabaseSourceContext
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(s_start);

    protected SourceSpec WithDeletes(SourceSpec source, TimeSpan? every = null) => new()
    {
        Name = source.Name,
        Location = source.Location,
        Format = source.Format,
        Path = string.Empty,
        Connection = source.Connection,
        Table = source.Table,
        Query = source.Query,
        Mode = source.Mode,
        WriteMode = source.WriteMode,
        Cursor = source.Cursor,
        Lookback = source.Lookback,
        PrimaryKey = source.PrimaryKey,
        Columns = source.Columns,
        DetectDeletes = true,
        DetectDeletesEvery = every,
    };

    /// <summary>A new builder per load, as after a restart, on the test's clock.</summary>
    protected Task<Execution.BuildResult> LoadAtAsync(SourceSpec source) =>
        new DuckDbAssetBuilder(Engine, Root, Lake) { LoadTime = Clock }.BuildAsync(new AssetNode(source, [], []), Token);

    /// <summary>
    /// Five incremental rounds with deletes, a re-insert stamped before the watermark, and an unchanged round: after each,
    /// live lake rows equal the source, flagged rows are exactly the deleted keys (with the time they were first missed),
    /// and the lake holds source rows + flagged rows.
    /// </summary>
    protected async Task RunDeleteDetectionRoundsAsync()
    {
        var source = WithDeletes(Orders());
        for (var id = 1; id <= 5; id++)
        {
            await SourceAsync(Insert(id, "c" + id, id + ".5", "01:00:00"));
        }

        var first = await LoadAtAsync(source);
        first.Action.ShouldNotContain("deletes:");
        await ShouldHoldSourceAndFlagsAsync([]);

        Clock.Advance(TimeSpan.FromHours(1));
        await SourceAsync("DELETE FROM orders WHERE id IN (2, 4)");
        var second = await LoadAtAsync(source);
        second.Action.ShouldContain("deletes: 2 flagged, 0 restored");
        await ShouldHoldSourceAndFlagsAsync([(2, "2026-03-01 09:00:00"), (4, "2026-03-01 09:00:00")]);

        Clock.Advance(TimeSpan.FromHours(1));
        await SourceAsync(Insert(2, "c2", "2.5", "01:00:00"));
        var third = await LoadAtAsync(source);
        third.Action.ShouldContain("deletes: 0 flagged, 1 restored");
        await ShouldHoldSourceAndFlagsAsync([(4, "2026-03-01 09:00:00")]);

        Clock.Advance(TimeSpan.FromHours(1));
        await SourceAsync("DELETE FROM orders WHERE id = 5");
        await SourceAsync(Update(1, "99", "02:00:00"));
        var fourth = await LoadAtAsync(source);
        fourth.Action.ShouldContain("deletes: 1 flagged, 0 restored");
        await ShouldHoldSourceAndFlagsAsync([(4, "2026-03-01 09:00:00"), (5, "2026-03-01 11:00:00")]);

        Clock.Advance(TimeSpan.FromHours(1));
        var fifth = await LoadAtAsync(source);
        fifth.Action.ShouldContain("deletes: 0 flagged, 0 restored");
        await ShouldHoldSourceAndFlagsAsync([(4, "2026-03-01 09:00:00"), (5, "2026-03-01 11:00:00")]);
        (await Lake.FindCommitParametersAsync(source, "weir.deletes.checked", Token)).ShouldNotBeNull()["weir.deletes.checked"]
            .ShouldStartWith("2026-03-01T12:00:00");
    }

    /// <summary>With <c>every</c>, keys are compared only when the last comparison (read back from the lake) is old enough.</summary>
    protected async Task RunDeleteDetectionEveryAsync()
    {
        var source = WithDeletes(Orders(), every: TimeSpan.FromHours(6));
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "2", "01:00:00"));
        await LoadAtAsync(source);
        await SourceAsync("DELETE FROM orders WHERE id = 2");

        Clock.Advance(TimeSpan.FromHours(5));
        var early = await LoadAtAsync(source);

        early.Action.ShouldNotContain("deletes:");
        (await RowsAsync("SELECT id, _weir_deleted FROM main.orders ORDER BY id")).ShouldBe(["1|False", "2|False"]);

        Clock.Advance(TimeSpan.FromHours(1));
        var due = await LoadAtAsync(source);

        due.Action.ShouldContain("deletes: 1 flagged, 0 restored");
        (await RowsAsync("SELECT id, _weir_deleted, _weir_deleted_at FROM main.orders ORDER BY id"))
            .ShouldBe(["1|False|NULL", "2|True|2026-03-01 14:00:00"]);
    }

    /// <summary>
    /// A full refresh that appends: every load appends the source's rows, and the rows of keys the source no longer
    /// has are flagged in the same commit; a key that comes back is cleared.
    /// </summary>
    protected async Task RunDeleteDetectionAppendAsync()
    {
        var source = WithDeletes(Orders(SourceLoadMode.FullRefresh, SourceWriteMode.Append));
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "2", "01:00:00"));
        await LoadAtAsync(source);
        await SourceAsync("DELETE FROM orders WHERE id = 1");
        Clock.Advance(TimeSpan.FromMinutes(30));
        var before = await LatestVersionAsync(source);

        var second = await LoadAtAsync(source);

        second.Action.ShouldStartWith("appended 1 row of 1 row read");
        second.Action.ShouldContain("deletes: 1 flagged, 0 restored");
        (await LatestVersionAsync(source)).ShouldBe(before + 1);
        (await RowsAsync("SELECT id, customer, _weir_deleted, _weir_deleted_at FROM main.orders ORDER BY id, _weir_deleted"))
            .ShouldBe(["1|ann|True|2026-03-01 08:30:00", "2|bob|False|NULL", "2|bob|False|NULL"]);

        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        var third = await LoadAtAsync(source);

        third.Action.ShouldContain("deletes: 0 flagged, 1 restored");
        (await RowsAsync("SELECT id, count(*), bool_or(_weir_deleted) FROM main.orders GROUP BY id ORDER BY id")).ShouldBe(["1|2|False", "2|3|False"]);
    }

    /// <summary>
    /// Live lake rows (not flagged) equal the source row for row; flagged rows are exactly <paramref name="deleted"/>, at
    /// their times; the table holds source rows + flagged rows.
    /// </summary>
    private async Task ShouldHoldSourceAndFlagsAsync((int Id, string At)[] deleted)
    {
        var source = await Db.RowsAsync("SELECT id, customer, amount, updated_at FROM orders ORDER BY id", Token);
        var live = await RowsAsync("SELECT id, customer, amount, updated_at FROM main.orders WHERE NOT coalesce(_weir_deleted, false) ORDER BY id");
        live.ShouldBe(source);
        var flagged = await RowsAsync("SELECT id, _weir_deleted_at FROM main.orders WHERE _weir_deleted ORDER BY id");
        flagged.ShouldBe(deleted.Select(d => $"{d.Id}|{d.At}").ToArray());
        var total = long.Parse((await RowsAsync("SELECT count(*) FROM main.orders")).Single(), System.Globalization.CultureInfo.InvariantCulture);
        total.ShouldBe(source.Length + deleted.Length);
    }
}
