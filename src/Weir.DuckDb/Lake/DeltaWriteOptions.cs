namespace Weir.DuckDb.Lake;

/// <summary>How <see cref="DeltaFileWriter"/> writes data files.</summary>
public sealed class DeltaWriteOptions
{
    /// <summary>The default target file size: 128 MiB.</summary>
    public const long DefaultTargetFileSize = 128L * 1024 * 1024;

    /// <summary>Partition columns, in folder order; empty for an unpartitioned table.</summary>
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    /// <summary>
    /// The size at which an unpartitioned write starts a new file (DuckDB's FILE_SIZE_BYTES). DuckDB cannot rotate files
    /// of a partitioned write: each partition gets one file per write.
    /// </summary>
    /// <value>Defaults to <see cref="DefaultTargetFileSize"/>.</value>
    public long TargetFileSize { get; init; } = DefaultTargetFileSize;

    /// <summary>The Parquet format version of the files (DuckDB's PARQUET_VERSION): 1 or 2.</summary>
    /// <value>Defaults to 2: the delta and byte-stream-split encodings, smaller and faster to write.</value>
    public int ParquetVersion { get; init; } = 2;

    /// <summary>
    /// Whether the files keep the SELECT's row order. Without it (a source with no order, such as a database read) DuckDB
    /// may write one SELECT from several threads in any order, even when the SELECT cannot say which rows come first.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>: a model's <c>ORDER BY</c> clusters its files.</value>
    public bool PreserveOrder { get; init; } = true;

    /// <summary>The <c>dataChange</c> flag of the add actions (false for a compaction).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool DataChange { get; init; } = true;

    /// <summary>
    /// The table's schema string, or <see langword="null"/> to take the SELECT's own. When set, the SELECT's columns are
    /// matched by name (ignoring case), cast to the table's types and put in its order; a column the table lacks is an
    /// error and a table column the SELECT lacks is written as NULL.
    /// </summary>
    public string? SchemaString { get; init; }
}
