namespace Weir.Runs;

/// <summary>One run of a project (or of a selection of it).</summary>
public sealed class RunRecord
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>What started it: <c>run</c>, <c>test</c>, …</summary>
    public required string Command { get; init; }

    /// <summary>The selection, as typed (<see langword="null"/> for everything).</summary>
    public string? Selector { get; init; }

    /// <summary>The run this one resumes, if any.</summary>
    public string? ResumedFrom { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The run's state.</summary>
    public RunStatus Status { get; init; } = RunStatus.Running;

    /// <summary>Per-asset records (filled when read back from a store).</summary>
    public IReadOnlyList<AssetRunRecord> Assets { get; init; } = [];
}
