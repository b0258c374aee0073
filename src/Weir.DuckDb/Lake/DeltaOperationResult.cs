using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>
/// The actions a data operation produced, for the caller to commit through Weir.Lake in one commit, with its row
/// metrics. Until that commit the added files are invisible orphans.
/// </summary>
public sealed class DeltaOperationResult
{
    internal DeltaOperationResult(string operation, string schemaString, IReadOnlyList<string> partitionColumns)
    {
        Operation = operation;
        SchemaString = schemaString;
        PartitionColumns = partitionColumns;
    }

    /// <summary>The Delta operation name for <c>commitInfo</c>: WRITE, DELETE, MERGE or OPTIMIZE.</summary>
    public string Operation { get; }

    /// <summary>Files to add.</summary>
    public IReadOnlyList<AddAction> Adds { get; internal init; } = [];

    /// <summary>Files to remove.</summary>
    public IReadOnlyList<RemoveAction> Removes { get; internal init; } = [];

    /// <summary>The table schema the data was written with (a new table's, or the snapshot's).</summary>
    public string SchemaString { get; }

    /// <summary>The table's partition columns.</summary>
    public IReadOnlyList<string> PartitionColumns { get; }

    /// <summary>Rows in the added files.</summary>
    public long OutputRows { get; internal init; }

    /// <summary>Rows the operation took from its source (the SELECT of an append, overwrite or merge).</summary>
    public long SourceRows { get; internal init; }

    /// <summary>Rows deleted: by a delete, or the target rows a merge replaced.</summary>
    public long DeletedRows { get; internal init; }

    /// <summary>Merge: target rows replaced by a source row with the same key.</summary>
    public long UpdatedRows { get; internal init; }

    /// <summary>Merge: source rows with no target row of the same key (exact when target keys are unique).</summary>
    public long InsertedRows { get; internal init; }

    /// <summary>Rows carried unchanged from removed files into added ones (delete, merge, optimize).</summary>
    public long CopiedRows { get; internal init; }

    /// <summary>Whether the operation changes nothing (no file to add or remove).</summary>
    public bool IsEmpty => Adds.Count == 0 && Removes.Count == 0;
}
