using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>A declared column of a source, seed or model.</summary>
public sealed class ColumnSpec
{
    /// <summary>Creates a column.</summary>
    public ColumnSpec(string name, string? type, string? description, IReadOnlyList<CheckSpec> checks, SourceLocation location)
    {
        Name = name;
        Type = type;
        Description = description;
        Checks = checks;
        Location = location;
    }

    /// <summary>The column name, exactly as in the data (spaces and case kept).</summary>
    public string Name { get; }

    /// <summary>The SQL type the column is cast to, or <see langword="null"/> to keep the inferred type.</summary>
    public string? Type { get; }

    /// <summary>Documentation.</summary>
    public string? Description { get; }

    /// <summary>Checks on this column.</summary>
    public IReadOnlyList<CheckSpec> Checks { get; }

    /// <summary>Where the column is declared.</summary>
    public SourceLocation Location { get; }
}
