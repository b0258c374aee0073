using Weir.Project;

namespace Weir.Graph;

/// <summary>An asset in the graph, with the assets it reads and the assets that read it.</summary>
public sealed class AssetNode
{
    /// <summary>Creates a node.</summary>
    public AssetNode(AssetSpec spec, IReadOnlyList<string> upstream, IReadOnlyList<string> external)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Upstream = upstream;
        External = external;
    }

    /// <summary>The asset as declared.</summary>
    public AssetSpec Spec { get; }

    /// <summary>The asset's name.</summary>
    public string Name => Spec.Name;

    /// <summary>Source, seed or model.</summary>
    public AssetKind Kind => Spec.Kind;

    /// <summary>Names of the assets this one reads (found by parsing its SQL), sorted.</summary>
    public IReadOnlyList<string> Upstream { get; }

    /// <summary>Declared external tables this one reads.</summary>
    public IReadOnlyList<string> External { get; }

    /// <summary>Names of the assets that read this one, sorted; set when the graph is built.</summary>
    public IReadOnlyList<string> Downstream { get; internal set; } = [];
}
