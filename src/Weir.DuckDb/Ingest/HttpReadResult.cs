namespace Weir.DuckDb.Ingest;

/// <summary>What an HTTP source's pull read: records written, pages requested, requests retried.</summary>
internal sealed record HttpReadResult(long Records, int Pages, int Retries);
