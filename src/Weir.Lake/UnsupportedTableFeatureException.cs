namespace Weir.Lake;

/// <summary>
/// The table uses a Delta protocol version or table feature that Weir does not implement (column mapping, deletion
/// vectors, v2 checkpoints, variant types, …). Weir refuses such a table rather than return rows it might read wrongly.
/// </summary>
public sealed class UnsupportedTableFeatureException : WeirException
{
    internal UnsupportedTableFeatureException(string table, IReadOnlyList<string> features, string message)
        : base(message)
    {
        Table = table;
        Features = features;
    }

    /// <summary>The table's location.</summary>
    public string Table { get; }

    /// <summary>The features (or protocol versions, e.g. <c>reader version 5</c>) that Weir does not support.</summary>
    public IReadOnlyList<string> Features { get; }
}
