using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Lake;
using Weir.Lake.Protocol;

namespace Weir.DuckDb.Tests.Lake;

/// <summary>
/// A DuckDB engine, a session and a temporary table folder per test, plus a small replay of add/remove actions into a
/// <see cref="Snapshot"/> (the real commit layer is Weir.Lake's).
/// </summary>
public abstract class LakeTestContext : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected LakeTestContext()
    {
        Root = Path.Combine(Path.GetTempPath(), "weir-tests", Guid.NewGuid().ToString("N"));
        Folder = Path.Combine(Root, "table");
    }

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected string Root { get; }

    protected string Folder { get; }

    protected FakeTimeProvider Time { get; } = new(Start);

    protected DuckDbEngine Engine { get; private set; } = null!;

    protected ISqlSession Session { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { Threads = 2 }, Token);
        Session = await Engine.OpenSessionAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Engine.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Applies an operation's actions to <paramref name="snapshot"/> (null: a new table), as a commit would.</summary>
    protected static Snapshot Apply(Snapshot? snapshot, DeltaOperationResult result)
    {
        var removed = result.Removes.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        var files = (snapshot?.Files ?? []).Where(f => !removed.Contains(f.Path)).Concat(result.Adds).ToList();
        return Snapshot(result.SchemaString, result.PartitionColumns, files, (snapshot?.Version ?? -1) + 1);
    }

    protected static Snapshot Snapshot(
        string schemaString,
        IEnumerable<string> partitionColumns,
        IReadOnlyList<AddAction> files,
        long version = 0) => new()
    {
        Version = version,
        Protocol = new ProtocolAction(),
        Metadata = new MetadataAction
        {
            Id = "00000000-0000-0000-0000-000000000001",
            SchemaString = schemaString,
            PartitionColumns = partitionColumns.ToList(),
        },
        Files = files,
    };

    /// <summary>The rows of <paramref name="sql"/>, each as its values joined by '|', NULL for null.</summary>
    protected async Task<string[]> RowsAsync(string sql)
    {
        var result = await Session.QueryAsync(sql, cancellationToken: Token);
        return result.Rows.Select(r => string.Join('|', r.Select(Format))).ToArray();
    }

    protected async Task<long> CountAsync(string sql) =>
        Convert.ToInt64(await Session.ScalarAsync($"SELECT count(*) FROM ({sql})", Token), CultureInfo.InvariantCulture);

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
