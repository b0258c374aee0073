namespace Weir.Project;

/// <summary>What a full-refresh database source does with the rows it read (<c>write:</c>).</summary>
public enum SourceWriteMode
{
    /// <summary>The rows replace the table.</summary>
    Overwrite,

    /// <summary>The rows are added to the table.</summary>
    Append,
}
