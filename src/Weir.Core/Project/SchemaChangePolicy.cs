namespace Weir.Project;

/// <summary>What a write does when the new data's schema differs from the table's (<c>on_schema_change:</c>).</summary>
public enum SchemaChangePolicy
{
    /// <summary>
    /// The default: new columns are added and types widened (int → bigint, float → double); a dropped, renamed or
    /// narrowed column fails the write with an error that says how to opt in.
    /// </summary>
    Evolve,

    /// <summary>Any change is accepted: the table takes the new schema (the old data files keep theirs).</summary>
    Overwrite,

    /// <summary>Any change fails the write.</summary>
    Fail,

    /// <summary>
    /// Sources only: the table keeps its schema. A new column is left out of the load, a missing one is filled with
    /// NULL, and a column of another type is cast to the stored type (the load fails when a value does not convert).
    /// </summary>
    Ignore,
}
