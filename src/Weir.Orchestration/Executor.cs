using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Weir.Checks;
using Weir.Execution;
using Weir.Graph;
using Weir.Project;
using Weir.Runs;

namespace Weir.Orchestration;

/// <summary>
/// Runs an asset graph: each asset starts as soon as all its upstreams have succeeded, up to
/// <see cref="ExecutorOptions.Threads"/> at once; each build attempt has a timeout and failed attempts are retried
/// with exponential backoff; checks run after each build; a failure skips everything downstream of it.
/// Every step is recorded in an <see cref="IRunStore"/>.
/// </summary>
/// <remarks>
/// An executor holds no per-run state: one instance may run several graphs, also at once.
/// Timeouts and cancellation are cooperative: the builder and the check runner must observe the token they are given.
/// </remarks>
public sealed class Executor
{
    // CancellationTokenSource accepts at most uint.MaxValue - 1 ms (about 49 days); longer means no timeout.
    private static readonly TimeSpan s_longestTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);
    private static readonly TimeSpan s_longestRetryDelay = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<int, ResiliencePipeline> _pipelines = new();

    /// <summary>Creates an executor.</summary>
    /// <param name="builder">Builds one asset.</param>
    /// <param name="checks">Runs one asset's checks.</param>
    /// <param name="store">Records the run, each asset's outcome and the check results.</param>
    /// <param name="options">Threads, defaults, mode and observer; copied, so later changes have no effect.</param>
    /// <param name="time">The clock for timestamps, timeouts and retry delays; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// Threads below 1, negative retries, a retry delay outside 0 to 1 day, or a timeout that is not positive.
    /// </exception>
    public Executor(
        IAssetBuilder builder,
        ICheckRunner checks,
        IRunStore store,
        ExecutorOptions options,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Defaults, "options.Defaults");

        var defaults = options.Defaults;
        var threads = options.Threads ?? defaults.Threads;
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, "options.Threads");
        ArgumentOutOfRangeException.ThrowIfNegative(defaults.Retries, "options.Defaults.Retries");
        ArgumentOutOfRangeException.ThrowIfLessThan(defaults.RetryDelay, TimeSpan.Zero, "options.Defaults.RetryDelay");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaults.RetryDelay, s_longestRetryDelay, "options.Defaults.RetryDelay");
        ValidateTimeout(defaults.Timeout, "options.Defaults.Timeout");
        if (!Enum.IsDefined(options.Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "Unknown execution mode.");
        }

        Builder = builder;
        Checks = checks;
        Store = store;
        Time = time ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Executor>();
        Threads = threads;
        Defaults = defaults;
        Mode = options.Mode;
        Observer = options.Observer;
        Profiler = options.Profiler;
    }

    internal IAssetBuilder Builder { get; }

    internal ICheckRunner Checks { get; }

    internal IRunStore Store { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal int Threads { get; }

    internal RunDefaults Defaults { get; }

    internal ExecutionMode Mode { get; }

    internal IExecutionObserver? Observer { get; }

    internal IAssetProfiler? Profiler { get; }

    /// <summary>
    /// Runs every asset of <paramref name="graph"/> and records the run. The graph is the selection already
    /// (<see cref="AssetGraph.Subgraph"/>): every asset in it runs, and edges to assets outside it are gone.
    /// </summary>
    /// <param name="graph">The assets to run.</param>
    /// <param name="request">The command and selection, for the record.</param>
    /// <param name="cancellationToken">
    /// Stops the run (Ctrl-C): running assets are cancelled, pending ones are not started, and the run ends
    /// <see cref="RunStatus.Cancelled"/>. Cancellation does not throw; it is reported in the result.
    /// </param>
    /// <returns>The run's id, status, every asset's record and every check result.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An asset sets negative retries or a timeout that is not positive.</exception>
    /// <remarks>A failure of the run store is not an asset failure: it stops the run and is rethrown.</remarks>
    public Task<RunResult> RunAsync(AssetGraph graph, RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(request);
        foreach (var node in graph.Nodes.Values)
        {
            if (node.Spec.Retries is { } retries)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(retries, $"{node.Name}.Retries");
            }

            if (node.Spec.Timeout is { } timeout)
            {
                ValidateTimeout(timeout, $"{node.Name}.Timeout");
            }
        }

        return RunCoreAsync(graph, request, cancellationToken);
    }

    /// <summary>The retry pipeline for an asset with <paramref name="retries"/> retries; shared by all runs.</summary>
    internal ResiliencePipeline GetPipeline(int retries) =>
        retries == 0 ? ResiliencePipeline.Empty : _pipelines.GetOrAdd(retries, CreatePipeline);

    /// <summary>The timeout of one attempt of <paramref name="asset"/>; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    internal TimeSpan TimeoutOf(AssetNode asset)
    {
        var timeout = asset.Spec.Timeout ?? Defaults.Timeout;
        return timeout >= s_longestTimeout ? Timeout.InfiniteTimeSpan : timeout;
    }

    /// <summary>Retries of <paramref name="asset"/>.</summary>
    internal int RetriesOf(AssetNode asset) => asset.Spec.Retries ?? Defaults.Retries;

    private async Task<RunResult> RunCoreAsync(AssetGraph graph, RunRequest request, CancellationToken cancellationToken)
    {
        using var run = new ExecutionRun(this, graph, request, cancellationToken);
        return await run.RunAsync().ConfigureAwait(false);
    }

    private ResiliencePipeline CreatePipeline(int retries) =>
        new ResiliencePipelineBuilder { TimeProvider = Time }
            .AddRetry(new RetryStrategyOptions
            {
                // The caller's cancellation is never retried, nor a WeirException that says it would fail the same way
                // again (a SQL error in a model); everything else, timeouts included, is.
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is not null
                    && args.Outcome.Exception is not WeirException { IsTransient: false }
                    && !args.Context.CancellationToken.IsCancellationRequested),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = Defaults.RetryDelay,
                MaxRetryAttempts = retries,
                OnRetry = static args =>
                {
                    if (args.Context.Properties.TryGetValue(AssetAttempts.PropertyKey, out var attempts))
                    {
                        attempts.OnRetry(args.RetryDelay, args.Outcome.Exception);
                    }

                    return default;
                },
            })
            .Build();

    private static void ValidateTimeout(TimeSpan timeout, string name)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, timeout, "A timeout must be positive.");
        }
    }
}
