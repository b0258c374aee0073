using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>How new data's schema differs from its table's.</summary>
internal sealed class SchemaDiff
{
    public SchemaDiff(IReadOnlyList<SchemaField> added, IReadOnlyList<(SchemaField From, SchemaField To)> widened, IReadOnlyList<string> breaking)
    {
        Added = added;
        Widened = widened;
        Breaking = breaking;
    }

    public IReadOnlyList<SchemaField> Added { get; }

    public IReadOnlyList<(SchemaField From, SchemaField To)> Widened { get; }

    /// <summary>Drops, renames and narrowings, as sentences.</summary>
    public IReadOnlyList<string> Breaking { get; }

    public bool IsEmpty => Added.Count == 0 && Widened.Count == 0 && Breaking.Count == 0;

    /// <summary>The change as one line for the log and history: <c>+discount decimal(10,2); qty integer→long</c>.</summary>
    public string Describe() => string.Join("; ", Added.Select(a => $"+{a.Name} {a.Type}")
        .Concat(Widened.Select(w => $"{w.From.Name} {w.From.Type}→{w.To.Type}"))
        .Concat(Breaking));
}
