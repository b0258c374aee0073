namespace Weir.Project;

/// <summary>The formats a source reads: files, Delta tables and databases.</summary>
public enum SourceFormat
{
    /// <summary>Comma (or other delimiter) separated values.</summary>
    Csv,

    /// <summary>A JSON array of objects (or one object), or newline-delimited JSON; detected.</summary>
    Json,

    /// <summary>Newline-delimited JSON, one object per line.</summary>
    Ndjson,

    /// <summary>Apache Parquet.</summary>
    Parquet,

    /// <summary>An existing Delta Lake table, read in place (written by Spark, Databricks, delta-rs, …).</summary>
    Delta,

    /// <summary>A PostgreSQL table or query, read through Npgsql.</summary>
    Postgres,

    /// <summary>A SQLite table or query, read through Microsoft.Data.Sqlite.</summary>
    Sqlite,

    /// <summary>A JSON REST API, pulled page by page over HTTP.</summary>
    Http,

    /// <summary>Batches of JSON or NDJSON that clients POST to <c>weir serve</c> (<c>/api/ingest/{source}</c>).</summary>
    Push,
}
