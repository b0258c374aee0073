namespace Weir.DuckDb;

/// <summary>Where DuckDB records the CSV lines it rejects, and the declared column types it reads with.</summary>
/// <param name="ErrorsTable">The temporary table of rejected lines (<c>rejects_table</c>).</param>
/// <param name="ScansTable">The temporary table of scans, which names each file (<c>rejects_scan</c>).</param>
/// <param name="Types">Declared column types, applied while reading.</param>
internal sealed record CsvRejects(string ErrorsTable, string ScansTable, IReadOnlyList<(string Column, string Type)> Types);
