using System.Text.Json;
using Weir.DuckDb.Lake;
using Weir.Lake.Protocol;
using Weir.Project;
using Weir.Runs;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// How one load's columns are fitted to its lake table's schema under the source's <c>on_schema_change</c>: the
/// SELECT that writes them (the table's columns first, in its order, then any added ones), what changed, and which
/// columns are cast to the table's type. Under <c>fail</c>, or for a change no policy accepts, there is no plan but
/// an error for people.
/// </summary>
internal sealed class SourceSchemaPlan
{
    /// <summary>The commit parameter that records a load's schema changes, as JSON.</summary>
    public const string ChangesParameter = "weir.schemaChanges";

    private SourceSchemaPlan(
        string data, string select, IReadOnlyList<ColumnChange> changes, IReadOnlyList<(string Column, string Type)> casts)
    {
        Data = data;
        Select = select;
        Changes = changes;
        Casts = casts;
    }

    /// <summary>The SELECT of the data as read (before the plan fits it to the table).</summary>
    public string Data { get; }

    /// <summary>The SELECT whose rows the load writes.</summary>
    public string Select { get; }

    /// <summary>What differs between the table and the data, and what the load does about it.</summary>
    public IReadOnlyList<ColumnChange> Changes { get; }

    /// <summary>Columns cast to the table's DuckDB type (<c>ignore</c>): a value that does not convert fails the load.</summary>
    public IReadOnlyList<(string Column, string Type)> Casts { get; }

    /// <summary>The lake table the plan was made against (see <see cref="WithTable"/>), for the write to start from.</summary>
    public LoadedLakeTable? Table { get; private init; }

    /// <summary>The schema of <see cref="Select"/> when the plan knows it (the data is written as it is), else <see langword="null"/>.</summary>
    public TableSchema? SelectSchema { get; private init; }

    /// <summary>
    /// This plan, remembering the <paramref name="table"/> it was made against and the data's schema
    /// (<paramref name="incoming"/>, which is <see cref="Select"/>'s when the plan writes the data as it is).
    /// </summary>
    public SourceSchemaPlan WithTable(LoadedLakeTable table, TableSchema incoming) => new(Data, Select, Changes, Casts)
    {
        Table = table,
        SelectSchema = string.Equals(Select, Data, StringComparison.Ordinal) ? incoming : null,
    };

    /// <summary>
    /// Plans the load of <paramref name="select"/> (whose schema is <paramref name="incoming"/>) into a table whose
    /// schema is <paramref name="current"/> (<see langword="null"/> on a first load: the data's schema is stored as
    /// it is). Returns <see langword="null"/> and an error when the policy refuses the change.
    /// </summary>
    public static SourceSchemaPlan? Create(
        TableSchema? current, TableSchema incoming, SchemaChangePolicy policy, string select, out string? error)
    {
        error = null;
        if (current is null)
        {
            return new SourceSchemaPlan(select, select, [], []);
        }

        var diff = SchemaEvolution.Compare(current, incoming);
        if (diff.IsEmpty)
        {
            return new SourceSchemaPlan(select, select, [], []);
        }

        if (policy == SchemaChangePolicy.Fail)
        {
            error = $"the data's columns differ from the table's ({Describe(diff)}) and on_schema_change is fail; nothing was loaded. " +
                "Fix the source, or set on_schema_change: evolve (adds new columns, widens types) or ignore (keeps the table's columns)";
            return null;
        }

        if (policy != SchemaChangePolicy.Ignore && diff.Changed.Count > 0)
        {
            var (from, to) = diff.Changed[0];
            error = $"column \"{from.Name}\" changed type from {from.Type} to {to.Type}, which does not widen without loss; nothing was loaded. " +
                $"Declare its type (columns: - name: {from.Name}, type: {from.DuckDbType}) to cast it, " +
                $"or set on_schema_change: ignore to cast it to {from.Type}";
            return null;
        }

        var expressions = new List<string>();
        var changes = new List<ColumnChange>();
        var casts = new List<(string Column, string Type)>();
        foreach (var field in current.Fields)
        {
            var name = SqlText.Identifier(field.Name);
            if (incoming.Find(field.Name) is not { } data)
            {
                expressions.Add($"CAST(NULL AS {field.DuckDbType}) AS {name}");
                changes.Add(new ColumnChange(SchemaChangeKind.Missing, field.Name, field.Type, null));
            }
            else if (data.Type == field.Type)
            {
                expressions.Add($"{SqlText.Identifier(data.Name)} AS {name}");
            }
            else if (policy == SchemaChangePolicy.Evolve)
            {
                // Only widenings get here: a changed type failed above.
                expressions.Add($"CAST({SqlText.Identifier(data.Name)} AS {data.DuckDbType}) AS {name}");
                changes.Add(new ColumnChange(SchemaChangeKind.Widened, field.Name, field.Type, data.Type));
            }
            else
            {
                expressions.Add($"CAST({SqlText.Identifier(data.Name)} AS {field.DuckDbType}) AS {name}");
                changes.Add(new ColumnChange(SchemaChangeKind.Cast, field.Name, field.Type, data.Type));
                casts.Add((data.Name, field.DuckDbType));
            }
        }

        foreach (var field in diff.Added)
        {
            if (policy == SchemaChangePolicy.Evolve)
            {
                expressions.Add(SqlText.Identifier(field.Name));
                changes.Add(new ColumnChange(SchemaChangeKind.Added, field.Name, null, field.Type));
            }
            else
            {
                changes.Add(new ColumnChange(SchemaChangeKind.Ignored, field.Name, null, field.Type));
            }
        }

        return new SourceSchemaPlan(select, $"SELECT {string.Join(", ", expressions)} FROM ({select}) AS __weir_data", changes, casts);
    }

    /// <summary>The changes as JSON for <see cref="ChangesParameter"/>.</summary>
    public string ToJson() => JsonSerializer.Serialize(Changes.Select(c => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["change"] = c.Kind.ToString().ToLowerInvariant(),
        ["column"] = c.Column,
        ["oldType"] = c.OldType,
        ["newType"] = c.NewType,
    }));

    private static string Describe(SchemaDiff diff) => string.Join("; ", diff.Added.Select(a => $"new column \"{a.Name}\" {a.Type}")
        .Concat(diff.Dropped.Select(d => $"column \"{d.Name}\" is missing"))
        .Concat(diff.Widened.Concat(diff.Changed).Select(c => $"column \"{c.From.Name}\" changed type from {c.From.Type} to {c.To.Type}")));

    /// <summary>One column's change, before the load commits (no version yet).</summary>
    internal sealed record ColumnChange(SchemaChangeKind Kind, string Column, string? OldType, string? NewType)
    {
        /// <summary>The change as committed at <paramref name="version"/>.</summary>
        public SchemaChange ToRecord(string asset, long version, DateTimeOffset changedAt) => new()
        {
            Asset = asset,
            Version = version,
            ChangedAt = changedAt,
            Kind = Kind,
            Column = Column,
            OldType = OldType,
            NewType = NewType,
        };
    }
}
