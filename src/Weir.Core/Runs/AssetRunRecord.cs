namespace Weir.Runs;

/// <summary>What happened to one asset in one run.</summary>
public sealed class AssetRunRecord
{
    /// <summary>The asset's name.</summary>
    public required string Asset { get; init; }

    /// <summary>The asset's state.</summary>
    public required AssetStatus Status { get; init; }

    /// <summary>Attempts made (1 when it worked first time; 0 when skipped).</summary>
    public int Attempts { get; init; }

    /// <summary>When the first attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the asset finished.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Rows in the asset after the build.</summary>
    public long? Rows { get; init; }

    /// <summary>What the build did, for people: <c>merged 120 rows (Delta version 4); watermark … → …</c>.</summary>
    public string? Detail { get; init; }

    /// <summary>For a source: what the load moved (rows read, loaded, quarantined, bytes, files, watermarks).</summary>
    public Weir.Execution.LoadMetrics? Load { get; init; }

    /// <summary>The last error, or why it was skipped.</summary>
    public string? Error { get; init; }
}
