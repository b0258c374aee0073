namespace Weir.DuckDb.Ingest;

/// <summary>What reading a database source into a staging table did.</summary>
/// <param name="Rows">Rows read from the source (and appended to the staging table).</param>
/// <param name="MaxCursor">The highest cursor value read, or <see langword="null"/> without a cursor or rows.</param>
/// <param name="BadRows">Rows read that could not be read in their column's type, appended to the quarantine table instead.</param>
/// <param name="UniqueKeys">
/// The source guarantees that no two rows read share the declared primary key (a PostgreSQL table whose own primary key
/// is among those columns), so a merge need not look for duplicates.
/// </param>
internal sealed record DatabaseReadResult(long Rows, Watermark? MaxCursor, long BadRows = 0, bool UniqueKeys = false);
