namespace Weir.Project;

/// <summary>A seed: a CSV file under <c>seeds/</c>, loaded as a table named after the file.</summary>
public sealed class SeedSpec : AssetSpec
{
    /// <inheritdoc />
    public override AssetKind Kind => AssetKind.Seed;

    /// <summary>Absolute path of the CSV file.</summary>
    public required string Path { get; init; }
}
