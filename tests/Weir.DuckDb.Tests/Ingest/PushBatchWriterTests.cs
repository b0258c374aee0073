using System.Text;
using Microsoft.Extensions.Time.Testing;
using Weir.DuckDb.Lake;
using Weir.DuckDb.Ingest;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.DuckDb.Tests.Ingest;

public sealed class PushBatchWriterTests : LakeBuilderContext
{
    [Fact]
    public async Task WriteAsync_DeclaredColumnMissingFromTheBatch_LandsAsNull()
    {
        var source = Push([Column("id", "INTEGER"), Column("amount", "DOUBLE")]);

        var result = await Writer().WriteAsync(source, Body("[{\"id\":1},{\"id\":2}]"), PushBodyFormat.Json, null, Token);

        result.RowsLoaded.ShouldBe(2);
        result.BytesRead.ShouldBe(Encoding.UTF8.GetByteCount("[{\"id\":1},{\"id\":2}]"));
        await PublishAsync(source);
        (await RowsAsync("SELECT id, coalesce(CAST(amount AS VARCHAR), 'null'), typeof(amount) FROM events ORDER BY id"))
            .ShouldBe(["1|null|DOUBLE", "2|null|DOUBLE"]);
    }

    [Fact]
    public async Task WriteAsync_NewFieldUnderFailPolicy_IsRejectedAndCommitsNothing()
    {
        var source = WithPolicy(Push([]), SchemaChangePolicy.Fail);
        var writer = Writer();
        await writer.WriteAsync(source, Body("{\"id\":1}"), PushBodyFormat.Json, "first", Token);

        var exception = await Should.ThrowAsync<PushBatchException>(
            () => writer.WriteAsync(source, Body("{\"id\":2,\"channel\":\"web\"}"), PushBodyFormat.Json, "second", Token));

        exception.Failure.ShouldBe(PushBatchFailure.Rejected);
        exception.Message.ShouldContain("channel");
        await PublishAsync(source);
        (await RowsAsync("SELECT count(*) FROM events")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task WriteAsync_NewFieldUnderIgnorePolicy_LandsWithoutIt()
    {
        var source = WithPolicy(Push([]), SchemaChangePolicy.Ignore);
        var writer = Writer();
        await writer.WriteAsync(source, Body("{\"id\":1}"), PushBodyFormat.Json, null, Token);

        await writer.WriteAsync(source, Body("{\"id\":2,\"channel\":\"web\"}"), PushBodyFormat.Json, null, Token);

        await PublishAsync(source);
        (await RowsAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'events'")).ShouldBe(["1"]);
        (await RowsAsync("SELECT id FROM events ORDER BY id")).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task WriteAsync_NullPrimaryKey_QuarantinesTheRow()
    {
        var source = Push([Column("id", "INTEGER")], primaryKey: ["id"]);

        var result = await Writer().WriteAsync(source, Body("{\"id\":1}\n{\"other\":2}\n"), PushBodyFormat.Ndjson, null, Token);

        (result.RowsRead, result.RowsLoaded, result.RowsQuarantined).ShouldBe((2L, 1L, 1L));
        result.Batch.ShouldStartWith("push-");
        await PublishAsync(PushBatchWriter.QuarantineName("events"));
        (await RowsAsync("SELECT line, reason FROM events__quarantine")).ShouldBe(["2|primary key column \"id\" is null"]);
    }

    [Fact]
    public async Task WriteAsync_NoObjectNoColumnsNoTable_IsRejectedAndCommitsNothing()
    {
        var source = Push([]);

        var exception = await Should.ThrowAsync<PushBatchException>(
            () => Writer().WriteAsync(source, Body("[1, 2]"), PushBodyFormat.Json, "k", Token));

        exception.Failure.ShouldBe(PushBatchFailure.Rejected);
        (await Lake.TryOpenAsync(source, Token)).ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("é")]
    public async Task WriteAsync_InvalidIdempotencyKey_IsAnInvalidBody(string key)
    {
        var exception = await Should.ThrowAsync<PushBatchException>(
            () => Writer().WriteAsync(Push([]), Body("{\"id\":1}"), PushBodyFormat.Json, key, Token));

        exception.Failure.ShouldBe(PushBatchFailure.InvalidBody);
    }

    [Fact]
    public async Task WriteAsync_SameKeyTwice_SecondIsADuplicateWithTheFirstCounts()
    {
        var source = Push([Column("id", "INTEGER")]);
        var writer = Writer();

        var first = await writer.WriteAsync(source, Body("{\"id\":1}\n{\"id\":\"x\"}\n"), PushBodyFormat.Ndjson, "same", Token);
        var second = await writer.WriteAsync(source, Body("{\"id\":1}\n{\"id\":\"x\"}\n"), PushBodyFormat.Ndjson, "same", Token);

        second.Duplicate.ShouldBeTrue();
        (second.RowsRead, second.RowsLoaded, second.RowsQuarantined, second.Version)
            .ShouldBe((first.RowsRead, first.RowsLoaded, first.RowsQuarantined, first.Version));
        await PublishAsync(source);
        await PublishAsync(PushBatchWriter.QuarantineName("events"));
        (await RowsAsync("SELECT count(*) FROM events")).ShouldBe(["1"]);
        (await RowsAsync("SELECT count(*) FROM events__quarantine")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task WriteAsync_SameKeyWithAnotherBody_IsRefusedAndLandsNothing()
    {
        var source = Push([Column("id", "INTEGER")]);
        var writer = Writer();
        var first = await writer.WriteAsync(source, Body("{\"id\":1}\n"), PushBodyFormat.Ndjson, "batch-7", Token);

        var exception = await Should.ThrowAsync<PushBatchException>(
            () => writer.WriteAsync(source, Body("{\"id\":2}\n{\"id\":3}\n"), PushBodyFormat.Ndjson, "batch-7", Token));

        exception.Failure.ShouldBe(PushBatchFailure.KeyReused);
        exception.Message.ShouldContain("\"batch-7\" already landed a different batch");
        exception.Message.ShouldContain($"Delta version {first.Version}");
        var resent = await writer.WriteAsync(source, Body("{\"id\":1}\n"), PushBodyFormat.Ndjson, "batch-7", Token);
        resent.Duplicate.ShouldBeTrue();
        await PublishAsync(source);
        (await RowsAsync("SELECT id FROM events ORDER BY id")).ShouldBe(["1"]);
    }

    [Fact]
    public async Task WriteAsync_KeysOlderThanTheIdempotencyWindow_AreForgottenAtACheckpoint()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var lake = new LakeTables(new LakeSettings { Root = LakeRoot, CheckpointInterval = 2 }, time);
        var writer = new PushBatchWriter(Engine, lake, Path.Combine(Root, "staging"));
        var source = WithWindow(Push([Column("id", "INTEGER")]), TimeSpan.FromHours(1));
        await writer.WriteAsync(source, Body("{\"id\":1}"), PushBodyFormat.Json, "early", Token);
        time.Advance(TimeSpan.FromHours(2));

        foreach (var key in new[] { "a", "b", "c" })
        {
            await writer.WriteAsync(source, Body("{\"id\":2}"), PushBodyFormat.Json, key, Token);
        }

        var snapshot = await (await lake.TryOpenAsync(source, Token)).ShouldNotBeNull().LoadSnapshotAsync(Token);
        snapshot.Metadata.Configuration["delta.setTransactionRetentionDuration"].ShouldBe("interval 3600 seconds");
        // Past the window, a checkpoint dropped the early key; the later ones are remembered.
        snapshot.AppVersions.Keys.Where(k => k.StartsWith("weir.push:", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .ShouldBe(["weir.push:a", "weir.push:b", "weir.push:c"]);
        (await writer.WriteAsync(source, Body("{\"id\":2}"), PushBodyFormat.Json, "c", Token)).Duplicate.ShouldBeTrue();
        // A resend past the window lands again, as documented.
        (await writer.WriteAsync(source, Body("{\"id\":1}"), PushBodyFormat.Json, "early", Token)).Duplicate.ShouldBeFalse();
    }

    [Fact]
    public async Task WriteAsync_WindowChanged_TheTableTakesTheNewOne()
    {
        var writer = Writer();
        await writer.WriteAsync(Push([Column("id", "INTEGER")]), Body("{\"id\":1}"), PushBodyFormat.Json, "one", Token);
        var table = (await Lake.TryOpenAsync(Push([]), Token)).ShouldNotBeNull();
        (await table.LoadSnapshotAsync(Token)).Metadata.Configuration["delta.setTransactionRetentionDuration"].ShouldBe("interval 604800 seconds");

        await writer.WriteAsync(WithWindow(Push([Column("id", "INTEGER")]), TimeSpan.FromDays(30)), Body("{\"id\":2}"), PushBodyFormat.Json, "two", Token);

        var snapshot = await table.LoadSnapshotAsync(Token);
        snapshot.Metadata.Configuration["delta.setTransactionRetentionDuration"].ShouldBe("interval 2592000 seconds");
        snapshot.Metadata.Configuration["delta.checkpointInterval"].ShouldBe("10");
        snapshot.AppVersions.ContainsKey("weir.push:one").ShouldBeTrue();
    }

    [Fact]
    public async Task WriteAsync_ResentAfterACrashBetweenQuarantineAndRows_LandsTheRowsAndQuarantinesOnce()
    {
        var source = Push([Column("id", "INTEGER")]);
        var quarantine = new SourceSpec
        {
            Name = PushBatchWriter.QuarantineName("events"),
            Location = source.Location,
            Format = SourceFormat.Push,
            Path = string.Empty,
        };
        // The state a crash leaves after the batch's quarantine commit and before its rows' commit.
        await using (var session = await Engine.OpenSessionAsync(Token))
        {
            await Lake.WriteWithAppIdAsync(
                session, quarantine,
                "SELECT 'crashed' AS file, CAST(2 AS BIGINT) AS line, '{\"id\":\"x\"}' AS raw, 'bad' AS reason, current_timestamp AS loaded_at",
                Weir.DuckDb.Lake.LakeWriteMode.Append, null, SchemaChangePolicy.Evolve, "weir.push:crashed", 1, null, null, Token);
        }

        var result = await Writer().WriteAsync(source, Body("{\"id\":1}\n{\"id\":\"x\"}\n"), PushBodyFormat.Ndjson, "crashed", Token);

        result.Duplicate.ShouldBeFalse();
        (result.RowsLoaded, result.RowsQuarantined).ShouldBe((1L, 1L));
        await PublishAsync(source);
        await PublishAsync(quarantine.Name);
        (await RowsAsync("SELECT id FROM events")).ShouldBe(["1"]);
        (await RowsAsync("SELECT file, line FROM events__quarantine")).ShouldBe(["crashed|2"]);
    }

    private PushBatchWriter Writer() => new(Engine, Lake, Path.Combine(Root, "staging"));

    private async Task PublishAsync(SourceSpec source)
    {
        var table = (await Lake.TryOpenAsync(source, Token)).ShouldNotBeNull();
        await using var session = await Engine.OpenSessionAsync(Token);
        await Lake.PublishAsync(session, source, await table.LoadSnapshotAsync(Token), Token);
    }

    private Task PublishAsync(string name) => PublishAsync(new SourceSpec
    {
        Name = name,
        Location = new SourceLocation("sources/events.yaml", 2, 5),
        Format = SourceFormat.Push,
        Path = string.Empty,
    });

    private static SourceSpec Push(IReadOnlyList<ColumnSpec> columns, IReadOnlyList<string>? primaryKey = null) => new()
    {
        Name = "events",
        Location = new SourceLocation("sources/events.yaml", 2, 5),
        Format = SourceFormat.Push,
        Path = string.Empty,
        Columns = columns,
        PrimaryKey = primaryKey ?? [],
        Token = "secret",
    };

    private static SourceSpec WithPolicy(SourceSpec source, SchemaChangePolicy policy) => Copy(source, policy, source.IdempotencyWindow);

    private static SourceSpec WithWindow(SourceSpec source, TimeSpan window) => Copy(source, source.OnSchemaChange, window);

    private static SourceSpec Copy(SourceSpec source, SchemaChangePolicy policy, TimeSpan window) => new()
    {
        Name = source.Name,
        Location = source.Location,
        Format = source.Format,
        Path = source.Path,
        Columns = source.Columns,
        PrimaryKey = source.PrimaryKey,
        Token = source.Token,
        OnSchemaChange = policy,
        IdempotencyWindow = window,
    };

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));
}
