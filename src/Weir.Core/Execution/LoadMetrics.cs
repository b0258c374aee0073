namespace Weir.Execution;

/// <summary>
/// What one load of a source moved (operational metadata): rows read, loaded and quarantined (read = loaded +
/// quarantined), bytes and files read, and the incremental watermark before and after.
/// </summary>
public sealed class LoadMetrics
{
    /// <summary>Rows read from the source in this load.</summary>
    public long RowsRead { get; init; }

    /// <summary>Rows written to the lake table (inserted, updated or appended).</summary>
    public long RowsLoaded { get; init; }

    /// <summary>Rows moved to <c>&lt;source&gt;__quarantine</c>.</summary>
    public long RowsQuarantined { get; init; }

    /// <summary>Bytes read from the source, when known (files: their sizes; HTTP: response bodies).</summary>
    public long? BytesRead { get; init; }

    /// <summary>Files read, for file sources.</summary>
    public int? Files { get; init; }

    /// <summary>The incremental watermark before the load, as text; <see langword="null"/> on a first or full load.</summary>
    public string? WatermarkBefore { get; init; }

    /// <summary>The incremental watermark after the load, as text; <see langword="null"/> when the source has none.</summary>
    public string? WatermarkAfter { get; init; }

    /// <summary>The lake table's Delta version the load committed, when it committed one.</summary>
    public long? DeltaVersion { get; init; }
}
