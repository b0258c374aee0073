namespace Weir.Lake.Protocol;

/// <summary>How new data's schema differs from its table's.</summary>
public sealed class SchemaDiff
{
    /// <summary>Creates a diff.</summary>
    public SchemaDiff(IReadOnlyList<SchemaField> added, IReadOnlyList<(SchemaField From, SchemaField To)> widened, IReadOnlyList<string> breaking)
    {
        Added = added;
        Widened = widened;
        Breaking = breaking;
    }

    /// <summary>Columns only the new data has.</summary>
    public IReadOnlyList<SchemaField> Added { get; }

    /// <summary>Columns whose type widens.</summary>
    public IReadOnlyList<(SchemaField From, SchemaField To)> Widened { get; }

    /// <summary>Drops, renames and narrowings, as sentences.</summary>
    public IReadOnlyList<string> Breaking { get; }

    /// <summary>Whether the schemas are the same.</summary>
    public bool IsEmpty => Added.Count == 0 && Widened.Count == 0 && Breaking.Count == 0;

    /// <summary>The change as one line for the log and history: <c>+discount decimal(10,2); qty integer→long</c>.</summary>
    public string Describe() => string.Join("; ", Added.Select(a => $"+{a.Name} {a.Type}")
        .Concat(Widened.Select(w => $"{w.From.Name} {w.From.Type}→{w.To.Type}"))
        .Concat(Breaking));
}
