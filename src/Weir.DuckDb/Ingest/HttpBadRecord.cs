namespace Weir.DuckDb.Ingest;

/// <summary>A record of an HTTP page that cannot be a row: its page and index there (from 1), its JSON and why.</summary>
internal sealed record HttpBadRecord(int Page, long Index, string Raw, string Reason);
