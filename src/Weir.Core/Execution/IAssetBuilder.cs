using Weir.Graph;

namespace Weir.Execution;

/// <summary>Builds one asset: ingests a source or seed, materializes a model. Implemented per engine.</summary>
public interface IAssetBuilder
{
    /// <summary>Builds the asset. Throws on failure; the executor decides about retries.</summary>
    Task<BuildResult> BuildAsync(AssetNode asset, CancellationToken cancellationToken = default);
}
