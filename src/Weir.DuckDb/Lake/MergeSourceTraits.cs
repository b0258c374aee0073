namespace Weir.DuckDb.Lake;

/// <summary>What the caller of a merge knows about its source SELECT, which lets the merge skip work.</summary>
[Flags]
public enum MergeSourceTraits
{
    /// <summary>Nothing: the SELECT is run once into a temp table, and its keys are checked for duplicates.</summary>
    None = 0,

    /// <summary>
    /// The SELECT reads data that does not change during the merge (a staging table) and is cheap to run again: the merge
    /// reads it where it is instead of copying its rows into a temp table first.
    /// </summary>
    Repeatable = 1,

    /// <summary>
    /// No two rows of the SELECT share a key (the source guarantees it, e.g. by its primary key): the merge does not look
    /// for duplicate keys.
    /// </summary>
    UniqueKeys = 2,

    /// <summary>
    /// The SELECT's rows have no order worth keeping (a database read): the write may reorder them, which lets DuckDB
    /// write Parquet with all its threads from any source. Applies to every write mode, not only merges.
    /// </summary>
    Unordered = 4,
}
