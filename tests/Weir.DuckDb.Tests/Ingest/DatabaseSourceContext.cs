using System.Globalization;
using System.Text.RegularExpressions;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

/// <summary>
/// The scenarios every database source kind must pass, against a real source database (<see cref="OpenSourceAsync"/>)
/// and a real lake: incremental rounds of inserts and updates, full refresh, re-runs without changes.
/// </summary>
public abstract partial class DatabaseSourceContext : LakeBuilderContext
{
    private const string Columns = "id, customer, amount, updated_at";

    protected SourceDatabase Db { get; private set; } = null!;

    /// <summary>Creates an empty source database for the test.</summary>
    protected abstract Task<SourceDatabase> OpenSourceAsync();

    /// <summary>The DDL of the <c>orders</c> table in the source's dialect.</summary>
    protected abstract string CreateOrders { get; }

    protected async Task StartAsync()
    {
        Db = await OpenSourceAsync();
        await Db.ExecuteAsync(CreateOrders, Token);
    }

    protected SourceSpec Orders(
        SourceLoadMode mode = SourceLoadMode.Incremental,
        SourceWriteMode write = SourceWriteMode.Overwrite,
        TimeSpan? lookback = null,
        string? query = null,
        IReadOnlyList<ColumnSpec>? columns = null) => new()
        {
            Name = "orders",
            Location = new SourceLocation("sources/shop.yaml", 3, 5),
            Format = Db.Format,
            Path = string.Empty,
            Connection = Db.ConnectionString,
            Table = query is null ? "orders" : null,
            Query = query,
            Mode = mode,
            WriteMode = write,
            Cursor = mode == SourceLoadMode.Incremental ? "updated_at" : null,
            Lookback = lookback,
            PrimaryKey = ["id"],
            Columns = columns ?? [],
        };

    protected Task SourceAsync(string sql) => Db.ExecuteAsync(sql, Token);

    protected static string Insert(int id, string customer, string amount, string at) =>
        $"INSERT INTO orders ({Columns}) VALUES ({id}, '{customer}', {amount}, '2026-01-01 {at}')";

    protected static string Update(int id, string amount, string at) =>
        $"UPDATE orders SET amount = {amount}, updated_at = '2026-01-01 {at}' WHERE id = {id}";

    /// <summary>
    /// Loads the source and asserts that the lake table equals the source table row for row, that every row read was
    /// loaded, that exactly the rows at or past <paramref name="readFrom"/> were read, and the committed watermark.
    /// </summary>
    protected async Task LoadAndCompareAsync(SourceSpec source, string? readFrom, string watermark)
    {
        var expectedReads = readFrom is null
            ? await Db.CountAsync("SELECT count(*) FROM orders", Token)
            : await Db.CountAsync($"SELECT count(*) FROM orders WHERE updated_at >= '2026-01-01 {readFrom}'", Token);

        var result = await BuildAsync(source);

        var (loaded, read) = Counts(result.Action);
        read.ShouldBe(expectedReads, result.Action);
        loaded.ShouldBe(read, result.Action);
        await ShouldMatchSourceAsync();
        result.Rows.ShouldBe(await Db.CountAsync("SELECT count(*) FROM orders", Token));
        var parameters = await Lake.FindCommitParametersAsync(source, "weir.watermark", Token);
        parameters.ShouldNotBeNull()["weir.watermark"].ShouldBe("2026-01-01T" + watermark);
        result.Action.ShouldEndWith("→ 2026-01-01T" + watermark);
    }

    protected async Task ShouldMatchSourceAsync()
    {
        var source = await Db.RowsAsync($"SELECT {Columns} FROM orders ORDER BY id", Token);
        var lake = await RowsAsync($"SELECT {Columns} FROM main.orders ORDER BY id");
        lake.ShouldBe(source);
    }

    /// <summary>Rows loaded and rows read, from the build's action text.</summary>
    protected static (long Loaded, long Read) Counts(string action)
    {
        var match = CountsPattern().Match(action);
        match.Success.ShouldBeTrue(action);
        return (long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
            long.Parse(match.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    /// <summary>Five rounds of inserts and updates, with rows at the previous watermark and rows committed late.</summary>
    protected async Task RunFiveIncrementalRoundsAsync()
    {
        var source = Orders(lookback: TimeSpan.FromMinutes(30));
        await SourceAsync(Insert(1, "ann", "10.5", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "20.25", "01:00:00"));
        await SourceAsync(Insert(3, "cy", "5", "02:00:00"));
        await LoadAndCompareAsync(source, readFrom: null, watermark: "02:00:00");

        // Stamped exactly at the watermark, and an update past it.
        await SourceAsync(Insert(4, "dee", "7.75", "02:00:00"));
        await SourceAsync(Update(2, "21", "03:00:00"));
        await LoadAndCompareAsync(source, readFrom: "01:30:00", watermark: "03:00:00");

        // Committed late: stamped before the watermark, within the lookback.
        await SourceAsync(Insert(5, "eve", "1", "02:45:00"));
        await SourceAsync(Update(3, "6", "04:00:00"));
        await LoadAndCompareAsync(source, readFrom: "02:30:00", watermark: "04:00:00");

        // No change: the lookback reads the newest rows again, and merging them changes nothing.
        await LoadAndCompareAsync(source, readFrom: "03:30:00", watermark: "04:00:00");

        // An update stamped at the watermark, a late insert, and one more past it.
        await SourceAsync(Update(4, "8", "04:00:00"));
        await SourceAsync(Insert(6, "fay", "3.5", "03:40:00"));
        await SourceAsync(Insert(7, "gus", "9", "05:00:00"));
        await LoadAndCompareAsync(source, readFrom: "03:30:00", watermark: "05:00:00");

        var history = await Log(source).GetHistoryAsync(cancellationToken: Token);
        history.Where(c => c.OperationParameters.ContainsKey("weir.load")).Select(c => c.OperationParameters["weir.load"]).ShouldBe(["5", "4", "3", "2", "1"]);
    }

    /// <summary>Without a lookback, rows stamped exactly at the watermark are read again (>=) and none is lost or doubled.</summary>
    protected async Task RunRowsAtTheWatermarkAsync()
    {
        var source = Orders();
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "2", "02:00:00"));
        await LoadAndCompareAsync(source, readFrom: null, watermark: "02:00:00");

        await SourceAsync(Insert(3, "cy", "3", "02:00:00"));
        await LoadAndCompareAsync(source, readFrom: "02:00:00", watermark: "02:00:00");

        await SourceAsync(Update(1, "10", "02:00:00"));
        await SourceAsync(Insert(4, "dee", "4", "03:00:00"));
        await LoadAndCompareAsync(source, readFrom: "02:00:00", watermark: "03:00:00");
    }

    /// <summary>A full refresh replaces the table; appended loads add to it; a query reads its rows.</summary>
    protected async Task RunFullRefreshAsync()
    {
        await SourceAsync(Insert(1, "ann", "1", "01:00:00"));
        await SourceAsync(Insert(2, "bob", "2", "02:00:00"));
        var overwrite = Orders(SourceLoadMode.FullRefresh);
        var first = await BuildAsync(overwrite);
        Counts(first.Action).ShouldBe((2, 2));
        await SourceAsync(Update(1, "5", "03:00:00"));
        await SourceAsync("DELETE FROM orders WHERE id = 2");
        await SourceAsync(Insert(3, "cy", "3", "01:00:00"));

        var second = await BuildAsync(overwrite);

        Counts(second.Action).ShouldBe((2, 2));
        await ShouldMatchSourceAsync();
        second.Action.ShouldNotContain("watermark");

        var append = Orders(SourceLoadMode.FullRefresh, SourceWriteMode.Append, query: "SELECT * FROM orders WHERE id = 3");
        var appended = await BuildAsync(append);
        Counts(appended.Action).ShouldBe((1, 1));
        appended.Rows.ShouldBe(3);
        (await RowsAsync("SELECT id FROM main.orders ORDER BY id")).ShouldBe(["1", "3", "3"]);
    }

    [GeneratedRegex(@"^\w+ ([\d,]+) rows? of ([\d,]+) rows? read")]
    private static partial Regex CountsPattern();
}
