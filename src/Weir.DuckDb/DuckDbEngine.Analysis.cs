using DuckDB.NET.Data;
using Weir.Engine;

namespace Weir.DuckDb;

public sealed partial class DuckDbEngine
{
    // One json_serialize_sql query per chunk; chunks run in parallel on their own connections.
    private const int MinTextsPerChunk = 256;

    // Not skip_empty: it would drop empty cte_maps, which the extractor relies on to know a node's CTEs early.
    private const string SerializeOptions = "skip_null := true, skip_default := true";

    // encode(): the JSON as UTF-8 bytes (BLOB), read without a round trip through a .NET string.
    private const string BatchSql =
        "SELECT i, encode(json_serialize_sql(sql, " + SerializeOptions + ")) FROM unnest($1::VARCHAR[]) WITH ORDINALITY AS u(sql, i)";

    private const string SingleSql = "SELECT json_serialize_sql($1::VARCHAR, " + SerializeOptions + ")";

    /// <inheritdoc />
    /// <remarks>
    /// Parses with DuckDB's own parser (<c>json_serialize_sql</c>); nothing is bound or executed, so unknown tables
    /// are not an error here. <see cref="SqlAnalysis.Success"/> is <see langword="false"/> only for syntax errors,
    /// with <see cref="SqlAnalysis.ErrorOffset"/> where DuckDB gives one. Text that parses but is not exactly one
    /// SELECT (another statement kind, several statements, none) has <see cref="SqlAnalysis.Success"/>
    /// <see langword="true"/>, <see cref="SqlAnalysis.IsSingleQuery"/> <see langword="false"/> and an
    /// <see cref="SqlAnalysis.Error"/> starting with <c>not a single SELECT</c>.
    /// </remarks>
    public async Task<IReadOnlyList<SqlAnalysis>> AnalyzeAsync(
        IReadOnlyList<string> sqlTexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sqlTexts);
        if (sqlTexts.Count == 0)
        {
            return [];
        }

        var results = new SqlAnalysis[sqlTexts.Count];
        var chunks = Math.Clamp(sqlTexts.Count / MinTextsPerChunk, 1, Environment.ProcessorCount);
        var size = (sqlTexts.Count + chunks - 1) / chunks;
        var tasks = new List<Task>(chunks);
        for (var start = 0; start < sqlTexts.Count; start += size)
        {
            var first = start;
            var count = Math.Min(size, sqlTexts.Count - start);
            tasks.Add(Task.Run(() => AnalyzeChunkAsync(sqlTexts, first, count, results, cancellationToken), cancellationToken));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return results;
    }

    private async Task AnalyzeChunkAsync(
        IReadOnlyList<string> sqlTexts, int first, int count, SqlAnalysis[] results, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var texts = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            texts.Add(sqlTexts[first + i]);
        }

        try
        {
            var command = connection.CreateCommand();
            await using var commandScope = command.ConfigureAwait(false);
            command.CommandText = BatchSql;
            command.Parameters.Add(new DuckDBParameter(texts));
            CountStatement();
            using var registration = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            var buffer = new byte[16 * 1024];
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var index = (int)(reader.GetInt64(0) - 1);
                using var json = reader.GetStream(1);
                var length = (int)json.Length;
                if (buffer.Length < length)
                {
                    buffer = new byte[Math.Max(length, buffer.Length * 2)];
                }

                json.ReadExactly(buffer, 0, length);
                results[first + index] = SqlReferenceExtractor.Analyze(texts[index], buffer.AsMemory(0, length));
            }
        }
        catch (DuckDBException) when (!cancellationToken.IsCancellationRequested)
        {
            // json_serialize_sql reports parse errors as JSON; if it still throws for some text, find which one
            // by analyzing the chunk text by text, so one odd text cannot fail the others.
            for (var i = 0; i < count; i++)
            {
                results[first + i] = await AnalyzeOneAsync(connection, texts[i], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<SqlAnalysis> AnalyzeOneAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = SingleSql;
        command.Parameters.Add(new DuckDBParameter(sql));
        CountStatement();
        using var registration = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
        try
        {
            var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            return json is null
                ? SqlAnalysis.Failed("DuckDB returned no analysis.", null)
                : SqlReferenceExtractor.Analyze(sql, json);
        }
        catch (DuckDBException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return SqlAnalysis.Failed(exception.Message, null);
        }
    }
}
