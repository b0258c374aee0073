using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>What one write to an asset's lake table did.</summary>
public sealed class LakeWriteResult
{
    /// <summary>The table version the write committed (or found already committed).</summary>
    public required long Version { get; init; }

    /// <summary>Whether the batch had already been committed (its application version was in the log) and was skipped.</summary>
    public bool Skipped { get; init; }

    /// <summary>Rows in the table after the write.</summary>
    public required long Rows { get; init; }

    /// <summary>Rows the write added (written by the SELECT).</summary>
    public long RowsWritten { get; init; }

    /// <summary>Rows the write removed or replaced.</summary>
    public long RowsRemoved { get; init; }

    /// <summary>Files added and removed.</summary>
    public int FilesAdded { get; init; }

    /// <summary>Files removed.</summary>
    public int FilesRemoved { get; init; }

    /// <summary>When the version was committed.</summary>
    public DateTimeOffset CommittedAt { get; init; }

    /// <summary>A schema change the write made, for people (<c>+discount decimal(10,2)</c>), or <see langword="null"/>.</summary>
    public string? SchemaChange { get; init; }

    /// <summary>The same change column by column (<see langword="null"/> when the schema stayed as it was).</summary>
    public SchemaDiff? SchemaDiff { get; init; }
}
