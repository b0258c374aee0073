using Weir.Graph;

namespace Weir.Checks;

/// <summary>Runs the checks declared on an asset against its built table.</summary>
public interface ICheckRunner
{
    /// <summary>Runs every check of the asset; one result per check, in declaration order.</summary>
    Task<IReadOnlyList<CheckResult>> RunAsync(AssetNode asset, CancellationToken cancellationToken = default);
}
