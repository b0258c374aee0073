using Microsoft.Data.Sqlite;
using Weir.Checks;

namespace Weir.Catalog;

public sealed class SqliteRunStoreProfilesTests : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 26, 1, 2, 3, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weir-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, ".weir", "metadata.db");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task GetProfilesAsync_AfterSave_RoundTripsEveryField()
    {
        var ct = TestContext.Current.CancellationToken;
        var profile = new TableProfile
        {
            Asset = "orders",
            RunId = "r1",
            ProfiledAt = s_t0,
            RowCount = 42,
            Columns =
            [
                new ColumnProfile
                {
                    Name = "amount \"net\"",
                    Type = "DECIMAL(10,2)",
                    Nulls = 3,
                    ApproxDistinct = 37,
                    Min = "-1.50",
                    Max = "99.00",
                    Mean = 12.25,
                    StdDev = 4.5,
                    TopValues = [new ValueCount("1.00", 5), new ValueCount(null, 3)],
                    Histogram = [new HistogramBin(-1.5, 49.25, 30), new HistogramBin(49.25, 99, 9)],
                },
                new ColumnProfile { Name = "status", Type = "VARCHAR", Min = "a", Max = "z" },
            ],
        };

        await using (var store = await SqliteRunStore.OpenAsync(DatabasePath, ct))
        {
            await store.SaveProfileAsync(profile, ct);
        }

        await using var reopened = await SqliteRunStore.OpenAsync(DatabasePath, ct);
        var read = (await reopened.GetProfilesAsync("ORDERS", 10, ct)).ShouldHaveSingleItem();
        read.Asset.ShouldBe("orders");
        read.RunId.ShouldBe("r1");
        read.ProfiledAt.ShouldBe(s_t0);
        read.RowCount.ShouldBe(42);
        read.Columns.Count.ShouldBe(2);
        var amount = read.Columns[0];
        amount.Name.ShouldBe("amount \"net\"");
        amount.Type.ShouldBe("DECIMAL(10,2)");
        amount.Nulls.ShouldBe(3);
        amount.ApproxDistinct.ShouldBe(37);
        amount.Min.ShouldBe("-1.50");
        amount.Max.ShouldBe("99.00");
        amount.Mean.ShouldBe(12.25);
        amount.StdDev.ShouldBe(4.5);
        amount.TopValues.ShouldBe([new ValueCount("1.00", 5), new ValueCount(null, 3)]);
        amount.Histogram.ShouldBe([new HistogramBin(-1.5, 49.25, 30), new HistogramBin(49.25, 99, 9)]);
        var status = read.Columns[1];
        status.Mean.ShouldBeNull();
        status.StdDev.ShouldBeNull();
        status.TopValues.ShouldBeEmpty();
        status.Histogram.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetProfilesAsync_SeveralRuns_NewestFirstUpToLimitForThatAssetOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, ct);
        for (var i = 0; i < 4; i++)
        {
            await store.SaveProfileAsync(Profile("orders", i == 3 ? null : $"r{i}", s_t0.AddMinutes(i), 10 + i), ct);
        }

        await store.SaveProfileAsync(Profile("customers", "r9", s_t0.AddHours(1), 7), ct);

        var profiles = await store.GetProfilesAsync("orders", 3, ct);
        profiles.Select(p => p.RowCount).ShouldBe([13L, 12L, 11L]);
        profiles[0].RunId.ShouldBeNull();
        (await store.GetProfilesAsync("missing", 5, ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetProfilesAsync_SameInstant_NewestSavedFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, ct);
        await store.SaveProfileAsync(Profile("orders", "a", s_t0, 1), ct);
        await store.SaveProfileAsync(Profile("orders", "b", s_t0, 2), ct);

        (await store.GetProfilesAsync("orders", 5, ct)).Select(p => p.RunId).ShouldBe(["b", "a"]);
    }

    [Fact]
    public async Task OpenAsync_NewDatabase_HasProfilesTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (await SqliteRunStore.OpenAsync(DatabasePath, ct))
        {
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(ct);
        var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(name, ',') FROM pragma_table_info('profiles');";
        (await command.ExecuteScalarAsync(ct)).ShouldBe("seq,asset,run_id,profiled_at,row_count,columns_json");
    }

    private static TableProfile Profile(string asset, string? runId, DateTimeOffset at, long rows) => new()
    {
        Asset = asset,
        RunId = runId,
        ProfiledAt = at,
        RowCount = rows,
        Columns = [new ColumnProfile { Name = "id", Type = "BIGINT", ApproxDistinct = rows }],
    };
}
