namespace Weir.Engine;

/// <summary>A table a SQL statement reads, as the engine's parser saw it.</summary>
public sealed class TableReference
{
    /// <summary>Creates a reference.</summary>
    public TableReference(string? catalog, string? schema, string name, int? offset)
    {
        Catalog = catalog;
        Schema = schema;
        Name = name;
        Offset = offset;
    }

    /// <summary>The catalog (database) part, if written.</summary>
    public string? Catalog { get; }

    /// <summary>The schema part, if written.</summary>
    public string? Schema { get; }

    /// <summary>The table name, unquoted.</summary>
    public string Name { get; }

    /// <summary>0-based character offset of the reference in the SQL text, if the parser reports it.</summary>
    public int? Offset { get; }

    /// <summary>The name as written, dotted: <c>catalog.schema.name</c>.</summary>
    public string QualifiedName => string.Join('.', new[] { Catalog, Schema, Name }.Where(p => !string.IsNullOrEmpty(p)));

    /// <inheritdoc />
    public override string ToString() => QualifiedName;
}
