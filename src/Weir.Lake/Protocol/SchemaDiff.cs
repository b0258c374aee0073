namespace Weir.Lake.Protocol;

/// <summary>How new data's schema differs from its table's.</summary>
public sealed class SchemaDiff
{
    /// <summary>Creates a diff.</summary>
    public SchemaDiff(
        IReadOnlyList<SchemaField> added,
        IReadOnlyList<(SchemaField From, SchemaField To)> widened,
        IReadOnlyList<SchemaField> dropped,
        IReadOnlyList<(SchemaField From, SchemaField To)> changed)
    {
        Added = added;
        Widened = widened;
        Dropped = dropped;
        Changed = changed;
    }

    /// <summary>Columns only the new data has.</summary>
    public IReadOnlyList<SchemaField> Added { get; }

    /// <summary>Columns whose type widens without loss.</summary>
    public IReadOnlyList<(SchemaField From, SchemaField To)> Widened { get; }

    /// <summary>Columns only the table has (dropped, or renamed).</summary>
    public IReadOnlyList<SchemaField> Dropped { get; }

    /// <summary>Columns whose type changes in a way that may lose data (narrowing or another type).</summary>
    public IReadOnlyList<(SchemaField From, SchemaField To)> Changed { get; }

    /// <summary>Drops, renames and narrowings, as sentences for an error.</summary>
    public IReadOnlyList<string> Breaking =>
    [
        .. Changed.Select(c => $"column \"{c.From.Name}\" would change type from {c.From.Type} to {c.To.Type}"),
        .. Dropped.Select(d => $"column \"{d.Name}\" would be dropped (or renamed)"),
    ];

    /// <summary>Whether the schemas are the same.</summary>
    public bool IsEmpty => Added.Count == 0 && Widened.Count == 0 && Dropped.Count == 0 && Changed.Count == 0;

    /// <summary>The change as one line for history: <c>+discount decimal(10,2); qty integer→long; -note</c>.</summary>
    public string Summary() => string.Join("; ", Added.Select(a => $"+{a.Name} {a.Type}")
        .Concat(Widened.Concat(Changed).Select(w => $"{w.From.Name} {w.From.Type}→{w.To.Type}"))
        .Concat(Dropped.Select(d => $"-{d.Name}")));

    /// <summary>The change for an error message: additions and widenings compactly, then the breaking changes as sentences.</summary>
    public string Describe() => string.Join("; ", Added.Select(a => $"+{a.Name} {a.Type}")
        .Concat(Widened.Select(w => $"{w.From.Name} {w.From.Type}→{w.To.Type}"))
        .Concat(Breaking));
}
