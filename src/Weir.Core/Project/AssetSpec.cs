using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>What every asset of a project (source, seed, model) has in common.</summary>
public abstract class AssetSpec
{
    /// <summary>The asset's name, unique in the project; the table name SQL uses to read it.</summary>
    public required string Name { get; init; }

    /// <summary>Where the asset is declared (YAML entry, SQL or CSV file).</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Source, seed or model.</summary>
    public abstract AssetKind Kind { get; }

    /// <summary>Documentation.</summary>
    public string? Description { get; init; }

    /// <summary>Who to ask about this asset.</summary>
    public string? Owner { get; init; }

    /// <summary>Tags for selection (<c>tag:x</c>) and search.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Declared columns, with their types, docs and checks.</summary>
    public IReadOnlyList<ColumnSpec> Columns { get; init; } = [];

    /// <summary>Table-level checks (<c>checks:</c>).</summary>
    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];

    /// <summary>Attempts after the first failure; <see langword="null"/> for the project default.</summary>
    public int? Retries { get; init; }

    /// <summary>Time allowed for one attempt; <see langword="null"/> for the project default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The lake zone of the asset's table.</summary>
    public LakeZone Zone { get; init; }

    /// <summary>
    /// Whether each run profiles the asset's table (<c>profile: true|false</c>); <see langword="null"/> when not set:
    /// sources and assets with an <c>anomaly</c> or <c>drift</c> check are profiled then, others are not.
    /// </summary>
    public bool? Profile { get; init; }

    /// <summary>Columns the asset's table is partitioned by (Hive-style folders), in order.</summary>
    public IReadOnlyList<string> PartitionBy { get; init; } = [];

    /// <summary>Every check of the asset: table checks, then column checks.</summary>
    public IEnumerable<CheckSpec> AllChecks => Checks.Concat(Columns.SelectMany(c => c.Checks));
}
