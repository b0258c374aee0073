namespace Weir.DuckDb.Lake;

/// <summary>A column as DuckDB describes it: its name and its type as DuckDB prints it.</summary>
public readonly struct DuckDbColumn : IEquatable<DuckDbColumn>
{
    /// <summary>Creates a column.</summary>
    public DuckDbColumn(string name, string type)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>The DuckDB type, e.g. <c>DECIMAL(10,2)</c> or <c>STRUCT("a" INTEGER)</c>.</summary>
    public string Type { get; }

    /// <summary>Whether two columns have the same name and type text.</summary>
    public static bool operator ==(DuckDbColumn left, DuckDbColumn right) => left.Equals(right);

    /// <summary>Whether two columns differ in name or type text.</summary>
    public static bool operator !=(DuckDbColumn left, DuckDbColumn right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(DuckDbColumn other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DuckDbColumn other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(Name ?? string.Empty),
            StringComparer.Ordinal.GetHashCode(Type ?? string.Empty));

    /// <inheritdoc />
    public override string ToString() => Name + " " + Type;
}
