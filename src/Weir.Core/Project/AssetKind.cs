namespace Weir.Project;

/// <summary>What an asset is.</summary>
public enum AssetKind
{
    /// <summary>Data ingested from outside the project (files now; databases, APIs and streams later).</summary>
    Source,

    /// <summary>A CSV file under <c>seeds/</c>: reference data versioned with the project.</summary>
    Seed,

    /// <summary>A SQL SELECT under <c>models/</c>.</summary>
    Model,
}
