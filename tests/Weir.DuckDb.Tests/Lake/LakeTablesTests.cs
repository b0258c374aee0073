using Weir.Diagnostics;
using Weir.DuckDb.Lake;
using Weir.Lake.Log;
using Weir.Project;

namespace Weir.DuckDb.Tests.Lake;

public sealed class LakeTablesTests : LakeTestContext
{
    private static readonly ModelSpec s_events = new()
    {
        Name = "events",
        Location = new SourceLocation("models/events.sql", 1),
        Sql = "select 1",
        SqlFile = "models/events.sql",
        Zone = LakeZone.Staging,
    };

    private string LakeRoot => Path.Combine(Root, "lake");

    [Fact]
    public async Task TryOpenAsync_NeverWritten_ReturnsNull()
    {
        var lake = NewLake();

        (await lake.TryOpenAsync(s_events, Token)).ShouldBeNull();
    }

    [Fact]
    public async Task WriteAsync_SameAppVersionTwice_SkipsTheSecondAndCommitsDataOnce()
    {
        var lake = NewLake();

        var first = await AppendAsync(lake, "SELECT 1 AS id", appVersion: 1);
        var second = await AppendAsync(lake, "SELECT 1 AS id", appVersion: 1);

        first.Skipped.ShouldBeFalse();
        first.Version.ShouldBe(1);
        second.Skipped.ShouldBeTrue();
        second.Version.ShouldBe(1);
        second.Rows.ShouldBe(1);
        var log = Log();
        (await log.LatestVersionAsync(Token)).ShouldBe(1);
        (await DataCommitsAsync(log)).ShouldBe([1L]);
        (await log.LoadSnapshotAsync(Token)).AppVersions.ShouldBe(new Dictionary<string, long> { ["weir:events"] = 1 });
        (await RowsAsync("SELECT id FROM events")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task WriteAsync_NextAppVersion_CommitsAndAnOlderOneIsSkipped()
    {
        var lake = NewLake();
        await AppendAsync(lake, "SELECT 1 AS id", appVersion: 1);

        var next = await AppendAsync(lake, "SELECT 2 AS id", appVersion: 2);
        var older = await AppendAsync(lake, "SELECT 3 AS id", appVersion: 1);

        next.Skipped.ShouldBeFalse();
        next.Version.ShouldBe(2);
        older.Skipped.ShouldBeTrue();
        older.Version.ShouldBe(2);
        older.Rows.ShouldBe(2);
        (await DataCommitsAsync(Log())).ShouldBe([1L, 2L]);
        (await RowsAsync("SELECT id FROM events ORDER BY id")).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task WriteAsync_WithoutAppVersion_CommitsEveryTime()
    {
        var lake = NewLake();

        await AppendAsync(lake, "SELECT 1 AS id");
        var second = await AppendAsync(lake, "SELECT 1 AS id");

        second.Skipped.ShouldBeFalse();
        second.Rows.ShouldBe(2);
        (await Log().LoadSnapshotAsync(Token)).AppVersions.ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteAsync_Overwrite_ReportsRowsWrittenAndRemoved()
    {
        var lake = NewLake();
        await OverwriteAsync(lake, "SELECT range AS id FROM range(3)");

        var result = await OverwriteAsync(lake, "SELECT range AS id FROM range(5)");

        result.Rows.ShouldBe(5);
        result.RowsWritten.ShouldBe(5);
        result.RowsRemoved.ShouldBe(3);
        result.FilesRemoved.ShouldBe(1);
        result.SchemaChange.ShouldBeNull();
    }

    [Fact]
    public async Task WriteAsync_MergeOneKeyIntoAFileOfThree_ReportsTheSourceRowsAndTheReplacedRow()
    {
        var lake = NewLake();
        await OverwriteAsync(lake, "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) t(id, name)");

        var result = await lake.WriteAsync(
            Session, s_events, "SELECT 2 AS id, 'B' AS name", LakeWriteMode.Merge, keys: ["id"], cancellationToken: Token);

        result.Rows.ShouldBe(3);
        result.RowsWritten.ShouldBe(1);
        result.RowsRemoved.ShouldBe(1);
        result.FilesRemoved.ShouldBe(1);
        result.FilesAdded.ShouldBe(1);
        (await RowsAsync("SELECT id, name FROM events ORDER BY id")).ShouldBe(["1|a", "2|B", "3|c"]);
    }

    [Fact]
    public async Task WriteAsync_Append_IsABlindAppend()
    {
        var lake = NewLake();
        await AppendAsync(lake, "SELECT 1 AS id");

        await AppendAsync(lake, "SELECT 2 AS id");

        var latest = (await Log().GetHistoryAsync(1, Token)).ShouldHaveSingleItem();
        latest.IsBlindAppend.ShouldBe(true);
        latest.OperationParameters["mode"].ShouldBe("Append");
    }

    [Fact]
    public async Task WriteAsync_AppendWithANewColumn_EvolvesTheSchemaInACommitThatIsNotBlind()
    {
        var lake = NewLake();
        await AppendAsync(lake, "SELECT 1 AS id");

        var result = await AppendAsync(lake, "SELECT 2 AS id, 'web' AS channel");

        result.SchemaChange.ShouldBe("+channel string");
        var latest = (await Log().GetHistoryAsync(1, Token)).ShouldHaveSingleItem();
        latest.IsBlindAppend.ShouldBe(false);
        (await Log().ReadCommitAsync(2, Token)).ShouldContain(a => a.Metadata != null);
        (await RowsAsync("SELECT id, channel FROM events ORDER BY id")).ShouldBe(["1|NULL", "2|web"]);
    }

    [Fact]
    public async Task WriteAsync_AppendDroppingAColumnUnderOverwritePolicy_FailsSayingToRunAFullRefresh()
    {
        var lake = NewLake();
        await AppendAsync(lake, "SELECT 1 AS id, 'x' AS note");

        var exception = await Should.ThrowAsync<LakeWriteException>(() => lake.WriteAsync(
            Session, s_events, "SELECT 2 AS id", LakeWriteMode.Append, policy: SchemaChangePolicy.Overwrite, cancellationToken: Token));

        exception.Message.ShouldContain("an incremental write cannot drop or narrow columns");
        (await Log().LatestVersionAsync(Token)).ShouldBe(1);
    }

    [Fact]
    public async Task WriteAsync_RequiredColumnMissing_ThrowsAndCreatesNoTable()
    {
        var lake = NewLake();

        var exception = await Should.ThrowAsync<LakeWriteException>(() => lake.WriteAsync(
            Session, s_events, "SELECT 1 AS id", LakeWriteMode.Overwrite, requiredColumns: ["id", "amount"], cancellationToken: Token));

        exception.Message.ShouldBe("declared column \"amount\" is not in the data; its columns are \"id\"");
        (await lake.TryOpenAsync(s_events, Token)).ShouldBeNull();
    }

    [Fact]
    public async Task WriteAsync_EveryCheckpointInterval_WritesACheckpoint()
    {
        var lake = new LakeTables(new LakeSettings { Root = LakeRoot, CheckpointInterval = 3 }, Time);

        for (var i = 0; i < 4; i++)
        {
            await AppendAsync(lake, $"SELECT {i} AS id");
        }

        var logFolder = Path.Combine(lake.TableFolder(s_events), "_delta_log");
        Directory.GetFiles(logFolder, "*.checkpoint.parquet").Select(Path.GetFileName)
            .ShouldBe(["00000000000000000003.checkpoint.parquet"]);
        (await Log().LoadSnapshotAsync(Token)).Metadata.Configuration["delta.checkpointInterval"].ShouldBe("3");
        (await RowsAsync("SELECT count(*) FROM events")).ShouldBe(["4"]);
    }

    [Fact]
    public async Task FindCommitParametersAsync_ParametersInAnOlderCommit_ReturnsTheNewestCommitRecordingThem()
    {
        var lake = NewLake();
        await lake.WriteAsync(Session, s_events, "SELECT 1 AS id", LakeWriteMode.Append, appVersion: 1,
            operationParameters: new Dictionary<string, string> { ["weir.watermark"] = "1" }, cancellationToken: Token);
        await lake.WriteAsync(Session, s_events, "SELECT 2 AS id", LakeWriteMode.Append, appVersion: 2,
            operationParameters: new Dictionary<string, string> { ["weir.watermark"] = "2" }, cancellationToken: Token);
        await AppendAsync(lake, "SELECT 3 AS id");

        var parameters = await lake.FindCommitParametersAsync(s_events, "weir.watermark", Token);

        parameters.ShouldNotBeNull()["weir.watermark"].ShouldBe("2");
        (await lake.LastAppVersionAsync(s_events, Token)).ShouldBe(2);
        (await lake.FindCommitParametersAsync(s_events, "weir.other", Token)).ShouldBeNull();
    }

    [Fact]
    public async Task FindCommitParametersAsync_NoTable_ReturnsNullAndAppVersionZero()
    {
        var lake = NewLake();

        (await lake.FindCommitParametersAsync(s_events, "weir.watermark", Token)).ShouldBeNull();
        (await lake.LastAppVersionAsync(s_events, Token)).ShouldBe(0);
    }

    private Task<LakeWriteResult> AppendAsync(LakeTables lake, string select, long? appVersion = null) =>
        lake.WriteAsync(Session, s_events, select, LakeWriteMode.Append, appVersion: appVersion, cancellationToken: Token);

    private Task<LakeWriteResult> OverwriteAsync(LakeTables lake, string select) =>
        lake.WriteAsync(Session, s_events, select, LakeWriteMode.Overwrite, cancellationToken: Token);

    private LakeTables NewLake() => new(new LakeSettings { Root = LakeRoot }, Time);

    private DeltaLog Log() => new(new Weir.Lake.Storage.LocalObjectStore(LakeRoot), LakeTables.TablePath(s_events));

    /// <summary>The versions whose commit adds data files.</summary>
    private static async Task<long[]> DataCommitsAsync(DeltaLog log)
    {
        var versions = new List<long>();
        for (var version = 0L; version <= await log.LatestVersionAsync(Token); version++)
        {
            if ((await log.ReadCommitAsync(version, Token)).Any(a => a.Add is not null))
            {
                versions.Add(version);
            }
        }

        return [.. versions];
    }
}
