using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>What a <c>sources:</c>, <c>models:</c> or <c>seeds:</c> entry says about an asset, before the asset is built.</summary>
internal sealed record AssetEntry
{
    public required string Name { get; init; }

    /// <summary>Where the entry starts.</summary>
    public required SourceLocation Location { get; init; }

    public string? Description { get; init; }

    public string? Owner { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<ColumnSpec> Columns { get; init; } = [];

    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];

    public int? Retries { get; init; }

    public TimeSpan? Timeout { get; init; }

    public Materialization Materialized { get; init; } = Materialization.Table;

    public IReadOnlyList<string> UniqueKey { get; init; } = [];

    public string? Cursor { get; init; }

    public LakeZone? Zone { get; init; }

    public IReadOnlyList<string> PartitionBy { get; init; } = [];

    public bool? Profile { get; init; }

    public SchemaChangePolicy OnSchemaChange { get; init; } = SchemaChangePolicy.Evolve;
}
