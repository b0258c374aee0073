using System.Text.Json;

namespace Weir.Lake.Protocol;

/// <summary>A column of a Delta table schema (a struct field of <c>schemaString</c>).</summary>
public sealed class SchemaField
{
    /// <summary>Creates a field.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="type">
    /// A primitive Delta type name (<c>long</c>, <c>string</c>, <c>decimal(10,2)</c>, …) or, for a nested type, its
    /// JSON (<c>{"type":"struct",…}</c>, <c>{"type":"array",…}</c>, <c>{"type":"map",…}</c>).
    /// </param>
    /// <param name="nullable">Whether the column may hold nulls.</param>
    /// <param name="metadata">Column metadata (may be empty).</param>
    public SchemaField(string name, string type, bool nullable = true, IReadOnlyDictionary<string, JsonElement>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(type);
        Name = name;
        Type = type;
        Nullable = nullable;
        Metadata = metadata ?? new Dictionary<string, JsonElement>();
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The Delta type: a primitive type name, or the raw JSON of a struct, array or map type.</summary>
    public string Type { get; }

    /// <summary>Whether the column may hold nulls.</summary>
    public bool Nullable { get; }

    /// <summary>Column metadata (<c>delta.columnMapping.*</c>, <c>delta.invariants</c>, comments, …).</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; }

    /// <summary>Whether <see cref="Type"/> is a primitive type name rather than a nested type's JSON.</summary>
    public bool IsPrimitive => !Type.StartsWith('{');

    /// <summary>The DuckDB SQL type of this column (see <see cref="TableSchema.ToDuckDbType"/>).</summary>
    public string DuckDbType => TableSchema.ToDuckDbType(Type);

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Type}{(Nullable ? string.Empty : " NOT NULL")}";
}
