using Weir.Orchestration;

namespace Weir.Cli;

/// <summary>What <c>weir run</c>, <c>weir test</c> and <c>weir demo</c> ask of the pipeline.</summary>
internal sealed class PipelineRequest
{
    public required string ProjectDirectory { get; init; }

    public string[]? Selectors { get; init; }

    public int? Threads { get; init; }

    public string? ResumeRunId { get; init; }

    public OutputFormat Format { get; init; }

    public ExecutionMode Mode { get; init; }
}
