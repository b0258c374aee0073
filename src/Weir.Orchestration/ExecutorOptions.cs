using Weir.Checks;
using Weir.Project;

namespace Weir.Orchestration;

/// <summary>How an <see cref="Executor"/> runs: parallelism, retry and timeout defaults, mode, progress callbacks.</summary>
/// <remarks>The executor copies these values when it is created; later changes do not affect it.</remarks>
public sealed class ExecutorOptions
{
    /// <summary>Assets processed at once; <see langword="null"/> takes <see cref="RunDefaults.Threads"/> of <see cref="Defaults"/>.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public int? Threads { get; set; }

    /// <summary>
    /// Retries, first retry delay and per-attempt timeout for assets that do not set their own
    /// (<see cref="AssetSpec.Retries"/>, <see cref="AssetSpec.Timeout"/>); usually the project's <c>run:</c> section.
    /// </summary>
    /// <value>Defaults to a new <see cref="RunDefaults"/>: 4 threads, no retries, 1 s retry delay, 1 h timeout.</value>
    public RunDefaults Defaults { get; set; } = new();

    /// <summary>Build and check, or check only.</summary>
    /// <value>Defaults to <see cref="ExecutionMode.BuildAndCheck"/>.</value>
    public ExecutionMode Mode { get; set; } = ExecutionMode.BuildAndCheck;

    /// <summary>
    /// Profiles each built asset after its checks (the profiler chooses which); a profiling failure is a warning in the
    /// asset's detail, never a failed asset. Not used when only checking.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: nothing is profiled.</value>
    public IAssetProfiler? Profiler { get; set; }

    /// <summary>Receives progress callbacks (e.g. the CLI's progress display); failures in it are logged and ignored.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public IExecutionObserver? Observer { get; set; }
}
