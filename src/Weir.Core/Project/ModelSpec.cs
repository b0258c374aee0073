namespace Weir.Project;

/// <summary>A model: one SELECT in <c>models/**/*.sql</c>, configured by an optional <c>models:</c> entry.</summary>
public sealed class ModelSpec : AssetSpec
{
    /// <inheritdoc />
    public override AssetKind Kind => AssetKind.Model;

    /// <summary>The SQL text, exactly as in the file.</summary>
    public required string Sql { get; init; }

    /// <summary>Path of the SQL file, relative to the project root.</summary>
    public required string SqlFile { get; init; }

    /// <summary>Table (default), view or incremental.</summary>
    public Materialization Materialized { get; init; } = Materialization.Table;

    /// <summary>For incremental models: merge on these columns; empty means append.</summary>
    public IReadOnlyList<string> UniqueKey { get; init; } = [];

    /// <summary>
    /// For incremental models: the column that grows with new data. Only rows whose cursor is above the
    /// target's current maximum are read (at or above when merging on <see cref="UniqueKey"/>).
    /// </summary>
    public string? Cursor { get; init; }

    /// <summary>What a build does when the SELECT's schema differs from the table's.</summary>
    /// <value>Defaults to <see cref="SchemaChangePolicy.Evolve"/>.</value>
    public SchemaChangePolicy OnSchemaChange { get; init; } = SchemaChangePolicy.Evolve;
}
