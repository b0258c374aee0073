using System.Globalization;
using System.Text;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.DuckDb.Lake;
using Weir.Project;

namespace Weir.Server.Tests.TestSupport;

/// <summary>A throwaway project with one push source, <c>events</c>, in its own temp folder (deleted afterwards).</summary>
internal sealed class PushProject : IDisposable
{
    public const string TokenVariable = "WEIR_TEST_EVENTS_TOKEN";

    public PushProject(string? sourceExtra = null, string columns = DefaultColumns)
    {
        Root = Path.Combine(Path.GetTempPath(), "weir-tests", "server-" + Guid.NewGuid().ToString("N")[..12]);
        Token = "tok-" + Guid.NewGuid().ToString("N");
        Write("weir.yaml", "name: pushtest\n");
        Write("sources/events.yaml",
            "sources:\n" +
            "  - name: events\n" +
            "    kind: push\n" +
            $"    token: ${{{TokenVariable}}}\n" +
            (sourceExtra ?? string.Empty) +
            columns);
        Write("models/event_totals.sql", "SELECT count(*) AS n, sum(amount) AS total FROM events\n");
    }

    public const string DefaultColumns =
        "    columns:\n" +
        "      - name: id\n" +
        "        type: INTEGER\n" +
        "      - name: amount\n" +
        "        type: DOUBLE\n";

    public string Root { get; }

    public string Token { get; }

    public void Write(string relativePath, string text)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Loads the project with the token in its environment; fails the test on any diagnostic error.</summary>
    public ProjectSpec Load()
    {
        var diagnostics = new DiagnosticBag();
        var project = new ProjectLoader(name => name == TokenVariable ? Token : null).Load(Root, diagnostics);
        diagnostics.HasErrors.ShouldBeFalse(string.Join("\n", diagnostics.Items.Select(d => d.ToString())));
        return project.ShouldNotBeNull();
    }

    /// <summary>Rows in a lake table of the project and how many distinct ids they hold; (0, 0) when the table does not exist.</summary>
    public async Task<(long Rows, long DistinctIds)> CountAsync(string table, CancellationToken cancellationToken)
    {
        var project = Load();
        var spec = project.Sources.FirstOrDefault(s => s.Name == table) as AssetSpec ?? new SourceSpec
        {
            Name = table,
            Location = project.Sources[0].Location,
            Format = SourceFormat.Push,
            Path = string.Empty,
            Zone = LakeZone.Raw,
        };
        var lake = new LakeTables(project.Lake);
        var delta = await lake.TryOpenAsync(spec, cancellationToken);
        if (delta is null)
        {
            return (0, 0);
        }

        await using var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions(), cancellationToken);
        await using var session = await engine.OpenSessionAsync(cancellationToken);
        await lake.PublishAsync(session, spec, await delta.LoadSnapshotAsync(cancellationToken), cancellationToken);
        var distinct = table.EndsWith("__quarantine", StringComparison.Ordinal) ? "count(DISTINCT line)" : "count(DISTINCT id)";
        var result = await session.QueryAsync($"SELECT count(*), {distinct} FROM main.\"{table}\"", null, cancellationToken);
        return (Convert.ToInt64(result.Rows[0][0], CultureInfo.InvariantCulture), Convert.ToInt64(result.Rows[0][1], CultureInfo.InvariantCulture));
    }

    /// <summary>Rows of a lake table of the project, as text lines of the given columns ordered by the first.</summary>
    public async Task<List<string>> RowsAsync(string table, string columns, CancellationToken cancellationToken)
    {
        var project = Load();
        var spec = new SourceSpec { Name = table, Location = project.Sources[0].Location, Format = SourceFormat.Push, Path = string.Empty, Zone = LakeZone.Raw };
        var lake = new LakeTables(project.Lake);
        var delta = (await lake.TryOpenAsync(spec, cancellationToken)).ShouldNotBeNull($"the lake table {table} exists");
        await using var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions(), cancellationToken);
        await using var session = await engine.OpenSessionAsync(cancellationToken);
        await lake.PublishAsync(session, spec, await delta.LoadSnapshotAsync(cancellationToken), cancellationToken);
        var result = await session.QueryAsync($"SELECT concat_ws('|', {columns}) FROM main.\"{table}\" ORDER BY 1", null, cancellationToken);
        return [.. result.Rows.Select(r => (string)r[0]!)];
    }

    /// <summary>An NDJSON batch of <paramref name="count"/> rows with ids from <paramref name="first"/>.</summary>
    public static byte[] Ndjson(int count, int first = 1)
    {
        var text = new StringBuilder();
        for (var i = first; i < first + count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"amount\":{i}.5,\"note\":\"row {i} of the batch\"}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalizing DuckDB handle: the temp folder is cleaned by the OS later.
        }
    }
}
