using System.Globalization;
using System.IO.Compression;
using System.Text;
using Weir.Engine;
using Weir.Project;

namespace Weir.DuckDb.Tests;

/// <summary>
/// A CSV reader pinned to the dialect and columns DuckDB detected once (<c>sniff_csv</c>) reads exactly what the
/// detecting reader reads, with the source's options and with rejected lines.
/// </summary>
public sealed class FileReaderSqlTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "weir-csv-" + Guid.NewGuid().ToString("N"));
    private DuckDbEngine _engine = null!;
    private ISqlSession _session = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());
        _session = await _engine.OpenSessionAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        await _engine.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void PromptOptions_ReadCsvPromptOverTheFile_IsItsOptions()
    {
        FileReaderSql.PromptOptions("FROM read_csv('/d/a.csv', auto_detect=false, delim=',', columns={'a': 'BIGINT'});", "/d/a.csv")
            .ShouldBe("auto_detect=false, delim=',', columns={'a': 'BIGINT'}");
        FileReaderSql.PromptOptions("FROM read_csv('/d/b.csv', auto_detect=false);", "/d/a.csv").ShouldBeNull();
        FileReaderSql.PromptOptions("SELECT 1", "/d/a.csv").ShouldBeNull();
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("semicolons, a skipped title line, day-first dates, NA as NULL")]
    [InlineData("gzip")]
    [InlineData("latin-1")]
    [InlineData("short lines")]
    [InlineData("short lines, declared types")]
    public async Task Pinned_ReadsWhatDetectionReads(string shape)
    {
        var (file, options) = shape switch
        {
            "plain" => (Write("a.csv", "id,amount,name\n1,2.5,x\n2,3.5,\"y, z\"\n"), new Dictionary<string, string>()),
            "semicolons, a skipped title line, day-first dates, NA as NULL" => (
                Write("b.csv", "orders export\nid;day;note\n1;31/01/2026;NA\n2;01/02/2026;ok\n"),
                new Dictionary<string, string> { ["delimiter"] = ";", ["skip"] = "1", ["date_format"] = "%d/%m/%Y", ["null_string"] = "NA" }),
            "gzip" => (WriteGzip("c.csv.gz", "id,name\n1,x\n2,y\n"), new Dictionary<string, string>()),
            "latin-1" => (Write("d.csv", "id,name\n1,café\n", Encoding.Latin1), new Dictionary<string, string> { ["encoding"] = "latin-1" }),
            _ => (Write("e.csv", "id,amount,name\n" + string.Concat(Enumerable.Range(1, 300).Select(i =>
                i % 50 == 0 ? $"{i},short\n" : string.Create(CultureInfo.InvariantCulture, $"{i},{i * 10},n{i}\n")))), new Dictionary<string, string>()),
        };
        // Declared types override the detected ones (id as text).
        List<(string Column, string Type)> types = shape.EndsWith("declared types", StringComparison.Ordinal) ? [("id", "VARCHAR"), ("amount", "INTEGER")] : [];
        var rejects = new CsvRejects("__rejects_auto", "__scans_auto", types);
        var detecting = FileReaderSql.TryWrite(_engine, SourceFormat.Csv, [file], options, rejects, out var error).ShouldNotBeNull(error);
        var sniff = FileReaderSql.TrySniff(_engine, file, options, new CsvRejects("__rejects_pinned", "__scans_pinned", types)).ShouldNotBeNull();
        var prompt = (string)(await _session.ScalarAsync($"SELECT Prompt FROM {sniff}", Token))!;
        var pinned = FileReaderSql.WritePinned(_engine, file, FileReaderSql.PromptOptions(prompt, file).ShouldNotBeNull(prompt), fileColumn: null);

        pinned.ShouldContain("auto_detect=false");
        if (types.Count > 0)
        {
            (await RowsAsync($"SELECT typeof(id) FROM {pinned} LIMIT 1")).ShouldBe(["VARCHAR"]);
        }

        var expected = await RowsAsync($"SELECT * FROM {detecting}");
        (await RowsAsync($"DESCRIBE SELECT * FROM {pinned}")).ShouldBe(await RowsAsync($"DESCRIBE SELECT * FROM {detecting}"));
        (await RowsAsync($"SELECT * FROM {pinned}")).ShouldBe(expected);
        expected.Count.ShouldBeGreaterThan(0);
        // Rejected lines land in the pinned reader's rejects table, with their line numbers, as with detection.
        (await RowsAsync("SELECT line FROM __rejects_pinned ORDER BY line")).ShouldBe(await RowsAsync("SELECT line FROM __rejects_auto ORDER BY line"));
    }

    private string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private string WriteGzip(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        var result = await _session.QueryAsync(sql, cancellationToken: Token);
        return [.. result.Rows.Select(row => string.Join('|', row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "NULL")))];
    }
}
