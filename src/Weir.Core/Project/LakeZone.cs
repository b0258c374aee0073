namespace Weir.Project;

/// <summary>The zone of the lake an asset's table lives in; its folder is <c>lake/&lt;zone&gt;/&lt;asset&gt;</c>.</summary>
public enum LakeZone
{
    /// <summary>Data as ingested: sources and seeds (the default for them).</summary>
    Raw,

    /// <summary>Cleaned, conformed data: models under <c>models/staging/</c> by default.</summary>
    Staging,

    /// <summary>Data products: every other model by default.</summary>
    Curated,
}
