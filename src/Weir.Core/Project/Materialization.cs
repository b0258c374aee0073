namespace Weir.Project;

/// <summary>How a model is stored.</summary>
public enum Materialization
{
    /// <summary>Rebuilt from scratch on every run (the default).</summary>
    Table,

    /// <summary>A view: nothing is stored, the SELECT runs when read.</summary>
    View,

    /// <summary>Only new rows are added: appended, or merged on <see cref="ModelSpec.UniqueKey"/>.</summary>
    Incremental,
}
