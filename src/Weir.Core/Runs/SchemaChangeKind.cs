namespace Weir.Runs;

/// <summary>What happened to one column when a load met a schema different from its table's.</summary>
public enum SchemaChangeKind
{
    /// <summary>A new column was added to the table (older rows hold NULL).</summary>
    Added,

    /// <summary>A column's type was widened without loss (<c>integer → long</c>, <c>date → timestamp_ntz</c>).</summary>
    Widened,

    /// <summary>A column the table has was not in the data; the load's rows hold NULL in it.</summary>
    Missing,

    /// <summary>A new column was left out of the load (<c>on_schema_change: ignore</c>).</summary>
    Ignored,

    /// <summary>A column of another type was cast to the table's type (<c>on_schema_change: ignore</c>).</summary>
    Cast,

    /// <summary>A column the table had is gone: a rewrite of the whole table left it out (a model's new SQL).</summary>
    Dropped,

    /// <summary>A column's type changed in a way that may lose data, which only a rewrite of the whole table does.</summary>
    Retyped,
}
