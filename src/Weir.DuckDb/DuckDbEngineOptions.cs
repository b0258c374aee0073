namespace Weir.DuckDb;

/// <summary>Options of the embedded DuckDB engine.</summary>
public sealed class DuckDbEngineOptions
{
    /// <summary>The database file, or <c>:memory:</c>.</summary>
    /// <value>Defaults to <c>:memory:</c>.</value>
    public string DatabasePath { get; set; } = ":memory:";

    /// <summary>DuckDB worker threads per query, or <see langword="null"/> for DuckDB's default (all cores).</summary>
    public int? Threads { get; set; }

    /// <summary>DuckDB's memory limit, e.g. <c>4GB</c>, or <see langword="null"/> for DuckDB's default (80% of RAM).</summary>
    public string? MemoryLimit { get; set; }

    /// <summary>Whether to open the database read-only: every write is refused by DuckDB itself.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    /// <remarks>A read-only open of a file that another process holds for writing fails with a lock error.</remarks>
    public bool ReadOnly { get; set; }
}
