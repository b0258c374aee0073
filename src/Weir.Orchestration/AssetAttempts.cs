using Polly;
using Weir.Execution;
using Weir.Graph;

namespace Weir.Orchestration;

/// <summary>The build attempts of one asset in one run: counts them and applies the per-attempt timeout.</summary>
internal sealed class AssetAttempts
{
    /// <summary>Where the retry pipeline finds the asset being built, to report retries.</summary>
    public static readonly ResiliencePropertyKey<AssetAttempts> PropertyKey = new("Weir.Orchestration.AssetAttempts");

    private readonly ExecutionRun _run;
    private readonly IAssetBuilder _builder;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public AssetAttempts(ExecutionRun run, IAssetBuilder builder, TimeProvider time, AssetNode asset, TimeSpan timeout)
    {
        _run = run;
        _builder = builder;
        _time = time;
        Asset = asset;
        _timeout = timeout;
    }

    public AssetNode Asset { get; }

    /// <summary>Attempts started so far.</summary>
    public int Count { get; private set; }

    /// <summary>One attempt. A timeout becomes a <see cref="TimeoutException"/>, which the retry pipeline retries.</summary>
    public async ValueTask<BuildResult> AttemptAsync(CancellationToken cancellationToken)
    {
        Count++;
        if (_timeout == Timeout.InfiniteTimeSpan)
        {
            return await _builder.BuildAsync(Asset, cancellationToken).ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _builder.BuildAsync(Asset, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out after {DurationText.Format(_timeout)}", ex);
        }
    }

    /// <summary>Called by the retry pipeline between a failed attempt and the next one.</summary>
    public void OnRetry(TimeSpan delay, Exception? error) => _run.OnRetry(this, delay, error);
}
