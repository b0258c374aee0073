using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>What <see cref="DeltaFileWriter"/> wrote: one add action per data file, and the schema it wrote.</summary>
public sealed class DeltaWriteResult
{
    internal DeltaWriteResult(
        IReadOnlyList<AddAction> adds,
        string schemaString,
        IReadOnlyList<string> partitionColumns,
        long rows,
        long bytes)
    {
        Adds = adds;
        SchemaString = schemaString;
        PartitionColumns = partitionColumns;
        RowCount = rows;
        BytesWritten = bytes;
    }

    /// <summary>The add actions, one per non-empty data file (empty files are deleted, never added).</summary>
    public IReadOnlyList<AddAction> Adds { get; }

    /// <summary>The Delta schema string of the data written (the table's, when one was given).</summary>
    public string SchemaString { get; }

    /// <summary>The partition columns, as named in the schema.</summary>
    public IReadOnlyList<string> PartitionColumns { get; }

    /// <summary>Rows written.</summary>
    public long RowCount { get; }

    /// <summary>Bytes written, over all files.</summary>
    public long BytesWritten { get; }
}
