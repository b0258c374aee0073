namespace Weir.DuckDb.Ingest;

/// <summary>
/// What an HTTP source's pull read: records written, pages requested, requests retried, response bytes, and the records
/// that were refused (not JSON objects).
/// </summary>
internal sealed record HttpReadResult(long Records, int Pages, int Retries, long BytesRead = 0, IReadOnlyList<HttpBadRecord>? BadRecords = null);
