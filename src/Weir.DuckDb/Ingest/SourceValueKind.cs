namespace Weir.DuckDb.Ingest;

/// <summary>How a column of a database source is read from ADO.NET and stored in DuckDB.</summary>
internal enum SourceValueKind
{
    Boolean,
    Int16,
    Int32,
    Int64,
    Float,
    Double,
    Decimal,
    Text,
    Date,
    Timestamp,
    TimestampTz,
    Time,
    Interval,
    Uuid,
    Blob,

    /// <summary>A type without a DuckDB counterpart here (json, arrays, ranges, …): stored as its text.</summary>
    Other,
}
