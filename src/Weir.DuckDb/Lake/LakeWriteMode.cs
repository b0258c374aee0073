namespace Weir.DuckDb.Lake;

/// <summary>How a write changes an asset's lake table.</summary>
public enum LakeWriteMode
{
    /// <summary>The rows replace the whole table (sources, seeds, table models).</summary>
    Overwrite,

    /// <summary>The rows are added (incremental models without a unique key).</summary>
    Append,

    /// <summary>The rows replace rows with the same key and the rest are added (incremental models with a unique key).</summary>
    Merge,
}
