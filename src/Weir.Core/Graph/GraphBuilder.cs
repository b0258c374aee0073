using Weir.Diagnostics;
using Weir.Engine;
using Weir.Project;

namespace Weir.Graph;

/// <summary>
/// Compiles a project into its <see cref="AssetGraph"/>: parses each model's SQL with the engine's parser,
/// resolves the tables it reads to sources, seeds, models or declared externals, and rejects unknown names and cycles.
/// </summary>
public sealed class GraphBuilder
{
    private readonly ISqlEngine _engine;

    /// <summary>Creates a builder that parses SQL with <paramref name="engine"/>.</summary>
    public GraphBuilder(ISqlEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>Builds the graph; returns <see langword="null"/> when errors were added to <paramref name="diagnostics"/>.</summary>
    public Task<AssetGraph?> BuildAsync(ProjectSpec project, DiagnosticBag diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(diagnostics);
        _ = _engine;
        throw new NotSupportedException("GraphBuilder is being written (issue 3).");
    }
}
