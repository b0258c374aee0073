using Microsoft.Data.Sqlite;
using Weir.Execution;
using Weir.Runs;

namespace Weir.Catalog;

public sealed partial class SqliteRunStoreTests
{
    [Fact]
    public async Task SaveAssetAsync_LoadMetrics_RoundTrip()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        var load = new LoadMetrics
        {
            RowsRead = 5_000_000_001,
            RowsLoaded = 4_999_999_999,
            RowsQuarantined = 2,
            BytesRead = 123_456_789_012,
            Files = 7,
            WatermarkBefore = "2026-01-01T00:00:00",
            WatermarkAfter = "2026-01-02T00:00:00",
            DeltaVersion = 12,
        };
        var record = new AssetRunRecord
        {
            Asset = "orders", Status = AssetStatus.Succeeded, Attempts = 1, StartedAt = s_t0, EndedAt = s_t0.AddSeconds(1), Load = load,
        };
        await store.SaveAssetAsync("r1", record, TestContext.Current.CancellationToken);
        await store.SaveAssetAsync("r1", Asset("daily", AssetStatus.Succeeded, s_t0.AddSeconds(2)), TestContext.Current.CancellationToken);

        var assets = (await store.GetRunAsync("r1", TestContext.Current.CancellationToken)).ShouldNotBeNull().Assets;

        var read = assets.Single(x => x.Asset == "orders").Load.ShouldNotBeNull();
        (read.RowsRead, read.RowsLoaded, read.RowsQuarantined, read.BytesRead, read.Files)
            .ShouldBe((5_000_000_001L, 4_999_999_999L, 2L, (long?)123_456_789_012, (int?)7));
        (read.WatermarkBefore, read.WatermarkAfter, read.DeltaVersion).ShouldBe(("2026-01-01T00:00:00", "2026-01-02T00:00:00", (long?)12));
        assets.Single(x => x.Asset == "daily").Load.ShouldBeNull();
    }

    [Fact]
    public async Task SaveAssetAsync_LoadWithoutOptionalMetrics_RoundTripsNulls()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        await store.SaveAssetAsync(
            "r1",
            new AssetRunRecord { Asset = "api", Status = AssetStatus.Succeeded, Load = new LoadMetrics { RowsRead = 0 } },
            TestContext.Current.CancellationToken);

        var load = (await store.GetRunAsync("r1", TestContext.Current.CancellationToken)).ShouldNotBeNull().Assets.Single().Load.ShouldNotBeNull();

        (load.RowsRead, load.BytesRead, load.Files, load.WatermarkBefore, load.WatermarkAfter, load.DeltaVersion)
            .ShouldBe((0L, (long?)null, (int?)null, (string?)null, (string?)null, (long?)null));
    }

    [Fact]
    public async Task SaveSchemaChangesAsync_TwoRuns_RoundTripAllFieldsByVersionForTheAssetOnly()
    {
        await using var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
        await store.StartRunAsync(NewRun("r2", s_t0.AddHours(1)), TestContext.Current.CancellationToken);
        var changedAt = new DateTimeOffset(2026, 11, 26, 4, 5, 6, TimeSpan.FromHours(1)).AddTicks(1234567);
        await store.SaveSchemaChangesAsync(
            "r2",
            [
                Change("orders", 3, SchemaChangeKind.Widened, "qty", "integer", "long", changedAt),
                Change("orders", 3, SchemaChangeKind.Missing, "note", "string", null, changedAt),
            ],
            TestContext.Current.CancellationToken);
        await store.SaveSchemaChangesAsync(
            "r1",
            [
                Change("orders", 2, SchemaChangeKind.Added, "discount", null, "decimal(10,2)", s_t0),
                Change("customers", 2, SchemaChangeKind.Ignored, "x", null, "string", s_t0),
            ],
            TestContext.Current.CancellationToken);

        var changes = await store.GetSchemaChangesAsync("ORDERS", TestContext.Current.CancellationToken);

        changes.Select(c => $"{c.Version} {c.RunId} {c}").ShouldBe(
            ["2 r1 +discount decimal(10,2)", "3 r2 qty integer→long", "3 r2 note missing (NULL)"]);
        var widened = changes[1];
        (widened.Asset, widened.Kind, widened.Column, widened.OldType, widened.NewType)
            .ShouldBe(("orders", SchemaChangeKind.Widened, "qty", (string?)"integer", (string?)"long"));
        widened.ChangedAt.ShouldBe(changedAt);
        changes[2].NewType.ShouldBeNull();
        (await store.GetSchemaChangesAsync("unknown", TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveSchemaChangesAsync_StoresTheKindAsLowerCaseText()
    {
        await using (var store = await SqliteRunStore.OpenAsync(DatabasePath, TestContext.Current.CancellationToken))
        {
            await store.StartRunAsync(NewRun("r1", s_t0), TestContext.Current.CancellationToken);
            await store.SaveSchemaChangesAsync(
                "r1", [Change("orders", 1, SchemaChangeKind.Cast, "amount", "long", "string", s_t0)], TestContext.Current.CancellationToken);
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        (await ScalarAsync(connection, "SELECT change || ' ' || column_name || ' ' || run_id FROM schema_changes;")).ShouldBe("cast amount r1");
    }

    private static SchemaChange Change(
        string asset, long version, SchemaChangeKind kind, string column, string? oldType, string? newType, DateTimeOffset at) => new()
        {
            Asset = asset,
            Version = version,
            ChangedAt = at,
            Kind = kind,
            Column = column,
            OldType = oldType,
            NewType = newType,
        };
}
