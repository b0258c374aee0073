namespace Weir.Engine;

/// <summary>
/// A SQL engine Weir builds on (DuckDB embedded; PostgreSQL later). Everything engine-specific stays
/// behind this interface.
/// </summary>
public interface ISqlEngine : IAsyncDisposable
{
    /// <summary>The engine's name, e.g. <c>duckdb</c>.</summary>
    string Name { get; }

    /// <summary>Statements sent to the engine so far, by every session (for tests and diagnostics).</summary>
    long StatementCount { get; }

    /// <summary>Quotes an identifier for this engine's dialect (<c>"my col"</c>).</summary>
    string QuoteIdentifier(string identifier);

    /// <summary>Quotes a string literal for this engine's dialect (<c>'it''s'</c>).</summary>
    string QuoteLiteral(string value);

    /// <summary>Parses SQL texts with the engine's own parser and reports the tables each reads. Nothing is executed.</summary>
    Task<IReadOnlyList<SqlAnalysis>> AnalyzeAsync(IReadOnlyList<string> sqlTexts, CancellationToken cancellationToken = default);

    /// <summary>Opens a session.</summary>
    Task<ISqlSession> OpenSessionAsync(CancellationToken cancellationToken = default);
}
