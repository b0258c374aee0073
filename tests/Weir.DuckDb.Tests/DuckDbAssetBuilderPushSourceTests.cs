using System.Text;
using Weir.DuckDb.Ingest;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.DuckDb.Tests;

/// <summary>Push sources in a run: nothing to pull, the lake table the server wrote is published for the models.</summary>
public sealed class DuckDbAssetBuilderPushSourceTests : LakeBuilderContext
{
    [Fact]
    public async Task BuildAsync_PushSourceBeforeAnyBatch_IsAnEmptyViewOfTheDeclaredColumns()
    {
        var result = await BuildAsync(Push([Column("id", "INTEGER"), Column("note", null)]));

        result.Rows.ShouldBe(0);
        result.Action.ShouldContain("nothing pushed yet");
        (await RowsAsync("SELECT count(*) FROM events")).ShouldBe(["0"]);
        (await RowsAsync("SELECT typeof(id) FROM (SELECT NULL::INTEGER AS id UNION ALL SELECT id FROM events) LIMIT 1")).ShouldBe(["INTEGER"]);
    }

    [Fact]
    public async Task BuildAsync_PushSourceWithoutColumnsBeforeAnyBatch_FailsSayingHowToPush()
    {
        var exception = await Should.ThrowAsync<AssetBuildException>(() => BuildAsync(Push([])));

        exception.Message.ShouldContain("nothing has been pushed to 'events' yet");
        exception.Message.ShouldContain("/api/ingest/events");
    }

    [Fact]
    public async Task BuildAsync_PushSourceAfterABatch_PublishesTheLakeTableAndItsQuarantine()
    {
        var source = Push([Column("id", "INTEGER")]);
        var writer = new PushBatchWriter(Engine, Lake, Path.Combine(Root, "staging"));
        await writer.WriteAsync(source, Body("{\"id\":1}\n{\"id\":\"x\"}\n{\"id\":3}\n"), PushBodyFormat.Ndjson, "b1", Token);

        var result = await BuildAsync(source);

        result.Rows.ShouldBe(2);
        result.Action.ShouldStartWith("publishes pushed rows: Delta version 1 (2 rows)");
        (await RowsAsync("SELECT id FROM events ORDER BY id")).ShouldBe(["1", "3"]);
        (await RowsAsync("SELECT file, line FROM events__quarantine")).ShouldBe(["b1|2"]);
    }

    private static SourceSpec Push(IReadOnlyList<ColumnSpec> columns) => new()
    {
        Name = "events",
        Location = new SourceLocation("sources/events.yaml", 2, 5),
        Format = SourceFormat.Push,
        Path = string.Empty,
        Columns = columns,
        Token = "secret",
    };

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));
}
