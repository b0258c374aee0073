namespace Weir.Orchestration;

/// <summary>What a run is, for the record: the command that started it and what was selected.</summary>
public sealed class RunRequest
{
    /// <summary>The command that started the run: <c>run</c>, <c>test</c>, …</summary>
    public required string Command { get; init; }

    /// <summary>The selection as typed (<c>--select</c>); <see langword="null"/> for everything.</summary>
    public string? Selector { get; init; }

    /// <summary>The id of the run this one resumes, if any.</summary>
    public string? ResumedFrom { get; init; }
}
