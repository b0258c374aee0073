namespace Weir.Engine;

/// <summary>A column of a query result.</summary>
public sealed class QueryColumn
{
    /// <summary>Creates a column.</summary>
    public QueryColumn(string name, string type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The engine's type name, e.g. <c>BIGINT</c>.</summary>
    public string Type { get; }
}
