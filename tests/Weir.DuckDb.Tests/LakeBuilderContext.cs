using System.Globalization;
using Weir.Diagnostics;
using Weir.DuckDb.Lake;
using Weir.Graph;
using Weir.Lake;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Lake.Storage;
using Weir.Project;

namespace Weir.DuckDb.Tests;

/// <summary>
/// A real DuckDB engine and a real lake (<c>lake/</c> in a temporary project folder) per test, a builder that stores
/// assets in that lake, and helpers to declare assets and read the tables' logs.
/// </summary>
public abstract class LakeBuilderContext : IAsyncLifetime
{
    protected LakeBuilderContext()
    {
        Root = Path.Combine(Path.GetTempPath(), "weir-tests", Guid.NewGuid().ToString("N"));
        LakeRoot = Path.Combine(Root, "lake");
        Lake = new LakeTables(new LakeSettings { Root = LakeRoot });
    }

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The project folder.</summary>
    protected string Root { get; }

    /// <summary>The lake's root folder, <c>lake/</c> in the project.</summary>
    protected string LakeRoot { get; }

    protected LakeTables Lake { get; }

    protected DuckDbEngine Engine { get; private set; } = null!;

    protected DuckDbAssetBuilder Builder { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { Threads = 2 }, Token);
        Builder = new DuckDbAssetBuilder(Engine, Root, Lake);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected Task<Execution.BuildResult> BuildAsync(AssetSpec spec) => Builder.BuildAsync(new AssetNode(spec, [], []), Token);

    protected string WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    protected static SourceSpec Source(
        string name,
        SourceFormat format,
        string path,
        IReadOnlyList<ColumnSpec>? columns = null,
        LakeZone zone = LakeZone.Raw,
        long? version = null,
        DateTimeOffset? timestamp = null) => new()
        {
            Name = name,
            Location = new SourceLocation("sources/shop.yaml", 3, 5),
            Format = format,
            Path = path,
            Columns = columns ?? [],
            Zone = zone,
            Version = version,
            Timestamp = timestamp,
        };

    protected static ModelSpec Model(
        string name,
        string sql,
        Materialization materialized = Materialization.Table,
        IReadOnlyList<string>? uniqueKey = null,
        string? cursor = null,
        IReadOnlyList<string>? partitionBy = null,
        SchemaChangePolicy onSchemaChange = SchemaChangePolicy.Evolve,
        LakeZone zone = LakeZone.Curated) => new()
        {
            Name = name,
            Location = new SourceLocation($"models/{name}.sql", 1),
            Sql = sql,
            SqlFile = $"models/{name}.sql",
            Materialized = materialized,
            UniqueKey = uniqueKey ?? [],
            Cursor = cursor,
            PartitionBy = partitionBy ?? [],
            OnSchemaChange = onSchemaChange,
            Zone = zone,
        };

    /// <summary>A curated model as far as the lake cares (its name and zone), to find its table.</summary>
    protected static ModelSpec Stored(string name) => Model(name, "select 1");

    protected static ColumnSpec Column(string name, string? type) => new(name, type, null, [], new SourceLocation("sources/shop.yaml", 9));

    /// <summary>The log of the asset's table in the lake.</summary>
    protected DeltaLog Log(AssetSpec asset) => new(new LocalObjectStore(LakeRoot), LakeTables.TablePath(asset));

    protected Task<Snapshot> SnapshotAsync(AssetSpec asset) => Log(asset).LoadSnapshotAsync(Token);

    protected Task<Snapshot> SnapshotAsync(AssetSpec asset, long version) => Log(asset).LoadSnapshotAsync(version, Token);

    protected Task<long> LatestVersionAsync(AssetSpec asset) => Log(asset).LatestVersionAsync(Token);

    protected Task<IReadOnlyList<DeltaAction>> CommitAsync(AssetSpec asset, long version) => Log(asset).ReadCommitAsync(version, Token);

    /// <summary>The Delta types of the columns in the latest snapshot: <c>name type</c>.</summary>
    protected async Task<string[]> DeltaColumnsAsync(AssetSpec asset) =>
        TableSchema.Parse((await SnapshotAsync(asset)).Metadata.SchemaString).Fields.Select(f => $"{f.Name} {f.Type}").ToArray();

    protected async Task ExecuteAsync(string sql)
    {
        await using var session = await Engine.OpenSessionAsync(Token);
        await session.ExecuteAsync(sql, Token);
    }

    /// <summary>The rows of <paramref name="sql"/>, each as its values joined by '|', NULL for null.</summary>
    protected async Task<string[]> RowsAsync(string sql)
    {
        await using var session = await Engine.OpenSessionAsync(Token);
        var result = await session.QueryAsync(sql, cancellationToken: Token);
        return result.Rows.Select(r => string.Join('|', r.Select(Format))).ToArray();
    }

    /// <summary>The object named <paramref name="name"/> in schema main: TABLE, VIEW or null.</summary>
    protected async Task<string?> KindAsync(string name)
    {
        var rows = await RowsAsync(
            $"SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = {Engine.QuoteLiteral(name)}");
        return rows.SingleOrDefault() switch
        {
            "BASE TABLE" => "TABLE",
            "VIEW" => "VIEW",
            _ => null,
        };
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
