using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Polly;
using Weir.Checks;
using Weir.Execution;
using Weir.Graph;
using Weir.Runs;

namespace Weir.Orchestration;

/// <summary>
/// One run of an <see cref="Executor"/>. A single coordinator (<see cref="DispatchAsync"/>) owns the scheduling state
/// and starts assets on the thread pool; workers report back through a channel. Assets are numbered by their position
/// in the topological order, so the ready queue's tie-break is that order, and each completion touches only the
/// asset's direct downstreams: the scheduling cost is linear in assets plus edges.
/// </summary>
internal sealed class ExecutionRun : IDisposable
{
    private const string CancelledError = "run cancelled";

    private readonly Executor _executor;
    private readonly RunRequest _request;
    private readonly AssetNode[] _nodes;
    private readonly int[][] _downstream;
    private readonly int[] _waitingFor;
    private readonly AssetState[] _state;
    private readonly AssetRunRecord?[] _records;
    private readonly IReadOnlyList<CheckResult>[] _checks;
    private readonly PriorityQueue<int, int> _ready = new();
    private readonly Channel<AssetOutcome> _completions =
        Channel.CreateUnbounded<AssetOutcome>(new UnboundedChannelOptions { SingleReader = true });

    // Linked to the caller's token; also cancelled by the coordinator when the run store fails.
    private readonly CancellationTokenSource _cancel;
    private ExceptionDispatchInfo? _fault;
    private int _running;

    public ExecutionRun(Executor executor, AssetGraph graph, RunRequest request, CancellationToken cancellationToken)
    {
        _executor = executor;
        _request = request;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var count = graph.Count;
        _nodes = new AssetNode[count];
        _downstream = new int[count][];
        _waitingFor = new int[count];
        _state = new AssetState[count];
        _records = new AssetRunRecord?[count];
        _checks = new IReadOnlyList<CheckResult>[count];

        var index = new Dictionary<string, int>(count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            _nodes[i] = graph[graph.TopologicalOrder[i]];
            index.Add(_nodes[i].Name, i);
        }

        for (var i = 0; i < count; i++)
        {
            var node = _nodes[i];
            _waitingFor[i] = node.Upstream.Count;
            var downstream = new int[node.Downstream.Count];
            for (var d = 0; d < downstream.Length; d++)
            {
                downstream[d] = index[node.Downstream[d]];
            }

            // Skips and readiness are decided in topological order, so the first-named cause is deterministic.
            Array.Sort(downstream);
            _downstream[i] = downstream;
        }

        RunId = NewRunId(executor.Time.GetUtcNow());
    }

    private enum AssetState : byte
    {
        Pending,
        Queued,
        Running,
        Done,
    }

    public string RunId { get; }

    private bool Building => _executor.Mode == ExecutionMode.BuildAndCheck;

    public async Task<RunResult> RunAsync()
    {
        var time = _executor.Time;
        var store = _executor.Store;
        var startedAt = time.GetUtcNow();

        // Store calls take no token: the record of a cancelled run must still be written.
        await store.StartRunAsync(
            new RunRecord
            {
                RunId = RunId,
                Command = _request.Command,
                Selector = _request.Selector,
                ResumedFrom = _request.ResumedFrom,
                StartedAt = startedAt,
            },
            CancellationToken.None).ConfigureAwait(false);
        Log.RunStarted(_executor.Logger, RunId, _nodes.Length, _executor.Threads, _executor.Mode);
        Notify(static (o, a) => o.RunStarted(a.RunId, a._nodes.Length), this, nameof(IExecutionObserver.RunStarted));

        var status = RunStatus.Failed;
        var finished = false;
        DateTimeOffset endedAt;
        try
        {
            await DispatchAsync().ConfigureAwait(false);
            await CancelUnfinishedAsync().ConfigureAwait(false);
            status = _fault is null ? OverallStatus() : RunStatus.Failed;
            finished = true;
        }
        finally
        {
            endedAt = time.GetUtcNow();
            try
            {
                await store.CompleteRunAsync(RunId, status, endedAt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (!finished || _fault is not null)
            {
                // Another failure is already on its way out; this one is secondary.
                Log.RunStoreFailed(_executor.Logger, RunId, ex);
            }
        }

        _fault?.Throw();
        Log.RunFinished(_executor.Logger, RunId, status, (long)(endedAt - startedAt).TotalMilliseconds);

        var checks = new List<CheckResult>();
        foreach (var list in _checks)
        {
            if (list is not null)
            {
                checks.AddRange(list);
            }
        }

        var result = new RunResult
        {
            RunId = RunId,
            Status = status,
            StartedAt = startedAt,
            EndedAt = endedAt,
            Assets = [.. _records.Select(r => r!)],
            Checks = checks,
        };
        Notify(static (o, r) => o.RunFinished(r), result, nameof(IExecutionObserver.RunFinished));
        return result;
    }

    public void Dispose() => _cancel.Dispose();

    /// <summary>Called from the retry pipeline of a worker.</summary>
    internal void OnRetry(AssetAttempts attempts, TimeSpan delay, Exception? error)
    {
        var name = attempts.Asset.Name;
        Log.AssetRetrying(_executor.Logger, name, attempts.Count, (long)delay.TotalMilliseconds, error);
        var observer = _executor.Observer;
        if (observer is not null)
        {
            try
            {
                observer.AssetRetrying(name, attempts.Count, delay, Describe(error));
            }
            catch (Exception ex)
            {
                Log.ObserverFailed(_executor.Logger, nameof(IExecutionObserver.AssetRetrying), ex);
            }
        }
    }

    private async Task DispatchAsync()
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            // Checks read tables that exist already, so in check-only mode nothing waits for its upstreams.
            if (!Building || _waitingFor[i] == 0)
            {
                Enqueue(i);
            }
        }

        while (true)
        {
            while (!_cancel.IsCancellationRequested && _running < _executor.Threads && _ready.TryDequeue(out var next, out _))
            {
                Start(next);
            }

            if (_running == 0)
            {
                return;
            }

            // No token: running assets observe the cancellation themselves and always report back.
            var outcome = await _completions.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            _running--;
            await OnCompletedAsync(outcome).ConfigureAwait(false);
        }
    }

    private void Enqueue(int index)
    {
        _state[index] = AssetState.Queued;
        _ready.Enqueue(index, index);
    }

    private void Start(int index)
    {
        _state[index] = AssetState.Running;
        _running++;
        // The thread pool, not the coordinator, runs the builder: builders may do synchronous work before yielding.
        _ = Task.Run(() => RunWorkerAsync(index), CancellationToken.None);
    }

    private async Task RunWorkerAsync(int index)
    {
        AssetOutcome outcome;
        try
        {
            outcome = await ProcessAsync(index).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var record = new AssetRunRecord
            {
                Asset = _nodes[index].Name,
                Status = AssetStatus.Failed,
                EndedAt = _executor.Time.GetUtcNow(),
                Error = Describe(ex),
            };
            outcome = new AssetOutcome(index, record, [], ex);
        }

        _completions.Writer.TryWrite(outcome);
    }

    private async Task<AssetOutcome> ProcessAsync(int index)
    {
        var node = _nodes[index];
        var token = _cancel.Token;
        var time = _executor.Time;
        var store = _executor.Store;
        var logger = _executor.Logger;
        var startedAt = time.GetUtcNow();

        await store.SaveAssetAsync(
            RunId, new AssetRunRecord { Asset = node.Name, Status = AssetStatus.Running, StartedAt = startedAt }, CancellationToken.None)
            .ConfigureAwait(false);
        Log.AssetStarted(logger, node.Name);
        Notify(static (o, n) => o.AssetStarted(n), node.Name, nameof(IExecutionObserver.AssetStarted));

        var status = AssetStatus.Succeeded;
        var attempts = 1;
        long? rows = null;
        string? detail = null;
        LoadMetrics? load = null;
        IReadOnlyList<SchemaChange> schemaChanges = [];
        string? error = null;
        Exception? exception = null;
        IReadOnlyList<CheckResult> checks = [];

        if (Building)
        {
            var build = new AssetAttempts(this, _executor.Builder, time, node, _executor.TimeoutOf(node));
            var context = ResilienceContextPool.Shared.Get(token);
            context.Properties.Set(AssetAttempts.PropertyKey, build);
            try
            {
                var result = await _executor.GetPipeline(_executor.RetriesOf(node))
                    .ExecuteAsync(static (ctx, b) => b.AttemptAsync(ctx.CancellationToken), context, build)
                    .ConfigureAwait(false);
                rows = result?.Rows;
                detail = result?.Action;
                load = result?.Load;
                schemaChanges = result?.SchemaChanges ?? [];
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                status = AssetStatus.Cancelled;
            }
            catch (Exception ex)
            {
                (status, error, exception) = (AssetStatus.Failed, Describe(ex), ex);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            attempts = build.Count;
        }

        if (status == AssetStatus.Succeeded)
        {
            try
            {
                checks = await _executor.Checks.RunAsync(node, token).ConfigureAwait(false);
                var blocking = FailedChecks(checks);
                if (blocking is not null)
                {
                    (status, error) = (AssetStatus.Failed, blocking);
                }
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                status = AssetStatus.Cancelled;
            }
            catch (Exception ex)
            {
                (status, error, exception) = (AssetStatus.Failed, "checks could not run: " + Describe(ex), ex);
            }
        }

        if (Building && status != AssetStatus.Cancelled && exception is null && _executor.Profiler is { } profiler)
        {
            detail = await ProfileAsync(profiler, node, detail, token).ConfigureAwait(false);
        }

        if (status == AssetStatus.Cancelled)
        {
            error = CancelledError;
        }

        var endedAt = time.GetUtcNow();
        var record = new AssetRunRecord
        {
            Asset = node.Name,
            Status = status,
            Attempts = attempts,
            StartedAt = startedAt,
            EndedAt = endedAt,
            Rows = rows,
            Detail = detail,
            Load = load,
            Error = error,
        };

        await store.SaveAssetAsync(RunId, record, CancellationToken.None).ConfigureAwait(false);
        if (schemaChanges.Count > 0 && store is ISchemaHistoryStore history)
        {
            // Committed with the data whatever the checks say: the table has changed.
            await history.SaveSchemaChangesAsync(RunId, schemaChanges, CancellationToken.None).ConfigureAwait(false);
        }
        if (checks.Count > 0)
        {
            await store.SaveCheckResultsAsync(RunId, checks, CancellationToken.None).ConfigureAwait(false);
        }

        switch (status)
        {
            case AssetStatus.Succeeded:
                Log.AssetSucceeded(logger, node.Name, attempts, (long)(endedAt - startedAt).TotalMilliseconds, rows);
                break;
            case AssetStatus.Failed:
                Log.AssetFailed(logger, node.Name, attempts, error!, exception);
                break;
            default:
                Log.AssetCancelled(logger, node.Name);
                break;
        }

        Notify(static (o, a) => o.AssetFinished(a.record, a.checks), (record, checks), nameof(IExecutionObserver.AssetFinished));
        return new AssetOutcome(index, record, checks, null);
    }

    private async Task OnCompletedAsync(AssetOutcome outcome)
    {
        var index = outcome.Index;
        _state[index] = AssetState.Done;
        _records[index] = outcome.Record;
        _checks[index] = outcome.Checks;
        if (outcome.Fault is not null)
        {
            RecordFault(outcome.Fault);
            return;
        }

        if (!Building)
        {
            return;
        }

        if (outcome.Record.Status == AssetStatus.Succeeded)
        {
            foreach (var down in _downstream[index])
            {
                if (--_waitingFor[down] == 0 && _state[down] == AssetState.Pending)
                {
                    Enqueue(down);
                }
            }
        }
        else if (outcome.Record.Status == AssetStatus.Failed)
        {
            await SkipDownstreamAsync(index).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Skips every descendant of a failed asset, breadth first, each naming its nearest upstream that failed or was skipped.
    /// None of them can be running or queued: an asset starts only after all its upstreams succeeded.
    /// </summary>
    private async Task SkipDownstreamAsync(int failed)
    {
        var queue = new Queue<int>();
        queue.Enqueue(failed);
        while (queue.TryDequeue(out var cause))
        {
            var reason = cause == failed
                ? $"upstream '{_nodes[cause].Name}' failed"
                : $"upstream '{_nodes[cause].Name}' skipped";
            foreach (var down in _downstream[cause])
            {
                if (_state[down] != AssetState.Pending)
                {
                    continue;
                }

                Log.AssetSkipped(_executor.Logger, _nodes[down].Name, reason);
                await FinishUnstartedAsync(down, AssetStatus.Skipped, reason).ConfigureAwait(false);
                queue.Enqueue(down);
            }
        }
    }

    private async Task CancelUnfinishedAsync()
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_state[i] != AssetState.Done)
            {
                Log.AssetCancelled(_executor.Logger, _nodes[i].Name);
                await FinishUnstartedAsync(i, AssetStatus.Cancelled, CancelledError).ConfigureAwait(false);
            }
        }
    }

    private async Task FinishUnstartedAsync(int index, AssetStatus status, string error)
    {
        var record = new AssetRunRecord
        {
            Asset = _nodes[index].Name,
            Status = status,
            Attempts = 0,
            EndedAt = _executor.Time.GetUtcNow(),
            Error = error,
        };
        _state[index] = AssetState.Done;
        _records[index] = record;
        _checks[index] = [];
        if (_fault is null)
        {
            try
            {
                await _executor.Store.SaveAssetAsync(RunId, record, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                RecordFault(ex);
            }
        }

        Notify(static (o, r) => o.AssetFinished(r, []), record, nameof(IExecutionObserver.AssetFinished));
    }

    private void RecordFault(Exception exception)
    {
        if (_fault is null)
        {
            _fault = ExceptionDispatchInfo.Capture(exception);
            _cancel.Cancel();
        }
    }

    private RunStatus OverallStatus()
    {
        var status = RunStatus.Succeeded;
        foreach (var record in _records)
        {
            switch (record!.Status)
            {
                case AssetStatus.Cancelled:
                    return RunStatus.Cancelled;
                case AssetStatus.Failed or AssetStatus.Skipped:
                    status = RunStatus.Failed;
                    break;
            }
        }

        return status;
    }

    private void Notify<TArg>(Action<IExecutionObserver, TArg> callback, TArg argument, string name)
    {
        var observer = _executor.Observer;
        if (observer is null)
        {
            return;
        }

        try
        {
            callback(observer, argument);
        }
        catch (Exception ex)
        {
            Log.ObserverFailed(_executor.Logger, name, ex);
        }
    }

    /// <summary>Profiles the asset; a failure becomes a warning appended to <paramref name="detail"/>.</summary>
    private async Task<string?> ProfileAsync(IAssetProfiler profiler, AssetNode node, string? detail, CancellationToken token)
    {
        try
        {
            await profiler.ProfileAsync(node, RunId, token).ConfigureAwait(false);
            return detail;
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            return detail;
        }
        catch (Exception ex)
        {
            Log.ProfileFailed(_executor.Logger, node.Name, ex);
            var warning = "warning: profiling failed: " + Describe(ex);
            return detail is null ? warning : $"{detail}; {warning}";
        }
    }

    /// <summary><c>check failed: not_null(order_id) - 3 failing rows, …</c>, or <see langword="null"/> when no check blocks.</summary>
    private static string? FailedChecks(IReadOnlyList<CheckResult> checks)
    {
        StringBuilder? text = null;
        foreach (var check in checks)
        {
            if (!check.BlocksAsset)
            {
                continue;
            }

            text = text is null ? new StringBuilder("check failed: ") : text.Append(", ");
            text.Append(check.Check);
            if (check.Column is not null)
            {
                text.Append('(').Append(check.Column).Append(')');
            }

            if (check.Status == CheckStatus.Fail)
            {
                text.Append(CultureInfo.InvariantCulture, $" - {check.FailingRows} failing {(check.FailingRows == 1 ? "row" : "rows")}");
            }
            else
            {
                text.Append(" - could not run");
                if (!string.IsNullOrEmpty(check.Message))
                {
                    text.Append(": ").Append(check.Message);
                }
            }
        }

        return text?.ToString();
    }

    private static string Describe(Exception? exception) => exception switch
    {
        null => "unknown error",
        { Message.Length: > 0 } => exception.Message,
        _ => exception.GetType().Name,
    };

    /// <summary>A sortable, unique-enough id: <c>20261126T010203Z-3fa2</c>.</summary>
    private static string NewRunId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{RandomNumberGenerator.GetInt32(0x10000):x4}");
}
