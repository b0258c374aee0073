namespace Weir.Project;

/// <summary>Where the lake is and how it is kept (<c>lake:</c> in <c>weir.yaml</c>).</summary>
public sealed class LakeSettings
{
    /// <summary>The default checkpoint interval, in commits.</summary>
    public const int DefaultCheckpointInterval = 10;

    /// <summary>The default target size of a data file: 128 MiB.</summary>
    public const long DefaultTargetFileSize = 128L * 1024 * 1024;

    /// <summary>Absolute path of the lake's root folder.</summary>
    /// <value>Defaults to <c>lake/</c> in the project.</value>
    public required string Root { get; init; }

    /// <summary>How long removed data files are kept for time travel before VACUUM may delete them.</summary>
    /// <value>Defaults to 7 days.</value>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>A Parquet checkpoint of the log is written every this many commits.</summary>
    /// <value>Defaults to <see cref="DefaultCheckpointInterval"/>.</value>
    public int CheckpointInterval { get; init; } = DefaultCheckpointInterval;

    /// <summary>The size data files are cut at, in bytes.</summary>
    /// <value>Defaults to <see cref="DefaultTargetFileSize"/>.</value>
    public long TargetFileSize { get; init; } = DefaultTargetFileSize;

    /// <summary>
    /// The Parquet format version of the data files written: 2 uses the delta and byte-stream-split encodings (smaller
    /// files, faster writes; read by Spark 3.3+, Databricks, delta-rs, DuckDB, Trino, pyarrow), 1 only the original
    /// encodings, for older readers. Files of both versions may sit in one table.
    /// </summary>
    /// <value>Defaults to <see cref="DefaultParquetVersion"/>.</value>
    public int ParquetVersion { get; init; } = DefaultParquetVersion;

    /// <summary>The default Parquet format version of data files: 2.</summary>
    public const int DefaultParquetVersion = 2;
}
