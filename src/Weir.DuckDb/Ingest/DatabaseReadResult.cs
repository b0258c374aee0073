namespace Weir.DuckDb.Ingest;

/// <summary>What reading a database source into a staging table did.</summary>
/// <param name="Rows">Rows read from the source (and appended to the staging table).</param>
/// <param name="MaxCursor">The highest cursor value read, or <see langword="null"/> without a cursor or rows.</param>
/// <param name="BadRows">Rows read that could not be read in their column's type, appended to the quarantine table instead.</param>
internal sealed record DatabaseReadResult(long Rows, Watermark? MaxCursor, long BadRows = 0);
