using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weir.Lake.Log;

namespace Weir.Lake.Transactions;

/// <summary>Options of a <see cref="DeltaTable"/>: clock, logging, commit retries and the checkpoint format.</summary>
public sealed class DeltaTableOptions
{
    /// <summary>The default of <see cref="MaxCommitAttempts"/>.</summary>
    public const int DefaultMaxCommitAttempts = 100;

    /// <summary>The clock for commit timestamps, deletion timestamps and vacuum retention.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the table logs (skipped checkpoints, retries, vacuum).</summary>
    /// <value>Defaults to <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>
    /// How many versions a commit tries before giving up when other writers keep winning (each lost race whose winner
    /// does not conflict moves the commit to the next version).
    /// </summary>
    /// <value>Defaults to <see cref="DefaultMaxCommitAttempts"/> (100); at least 1.</value>
    public int MaxCommitAttempts { get; set; } = DefaultMaxCommitAttempts;

    /// <summary>How checkpoint files are read and written.</summary>
    /// <value>Defaults to <see cref="ParquetCheckpointFormat.Instance"/> (Parquet.Net).</value>
    public ICheckpointFormat CheckpointFormat { get; set; } = ParquetCheckpointFormat.Instance;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(CheckpointFormat);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCommitAttempts, 1);
    }
}
