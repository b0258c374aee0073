using Weir.Engine;

namespace Weir.Quality.Tests.Fakes;

/// <summary>Wraps an engine and records every statement its sessions send.</summary>
internal sealed class CountingSqlEngine(ISqlEngine inner) : ISqlEngine
{
    private readonly List<string> _statements = [];

    public IReadOnlyList<string> Statements
    {
        get
        {
            lock (_statements)
            {
                return [.. _statements];
            }
        }
    }

    public string Name => inner.Name;

    public long StatementCount => Statements.Count;

    public string QuoteIdentifier(string identifier) => inner.QuoteIdentifier(identifier);

    public string QuoteLiteral(string value) => inner.QuoteLiteral(value);

    public Task<IReadOnlyList<SqlAnalysis>> AnalyzeAsync(IReadOnlyList<string> sqlTexts, CancellationToken cancellationToken = default) =>
        inner.AnalyzeAsync(sqlTexts, cancellationToken);

    public async Task<ISqlSession> OpenSessionAsync(CancellationToken cancellationToken = default) =>
        new CountingSession(await inner.OpenSessionAsync(cancellationToken), Record);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Record(string sql)
    {
        lock (_statements)
        {
            _statements.Add(sql);
        }
    }

    private sealed class CountingSession(ISqlSession inner, Action<string> record) : ISqlSession
    {
        public Task<long> ExecuteAsync(string sql, CancellationToken cancellationToken = default)
        {
            record(sql);
            return inner.ExecuteAsync(sql, cancellationToken);
        }

        public Task<QueryResult> QueryAsync(string sql, int? maxRows = null, CancellationToken cancellationToken = default)
        {
            record(sql);
            return inner.QueryAsync(sql, maxRows, cancellationToken);
        }

        public Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken = default)
        {
            record(sql);
            return inner.ScalarAsync(sql, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
