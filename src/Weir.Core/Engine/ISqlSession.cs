namespace Weir.Engine;

/// <summary>One connection to an engine. Not thread-safe: one session per concurrent task.</summary>
public interface ISqlSession : IAsyncDisposable
{
    /// <summary>Runs a statement; returns the affected row count where the engine reports one, else -1.</summary>
    Task<long> ExecuteAsync(string sql, CancellationToken cancellationToken = default);

    /// <summary>Runs a query and reads up to <paramref name="maxRows"/> rows (all when <see langword="null"/>).</summary>
    Task<QueryResult> QueryAsync(string sql, int? maxRows = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a query and returns the first column of the first row, or <see langword="null"/>.</summary>
    Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken = default);
}
