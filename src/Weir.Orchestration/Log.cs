using Microsoft.Extensions.Logging;
using Weir.Runs;

namespace Weir.Orchestration;

/// <summary>Every log message of Weir.Orchestration.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = OrchestrationEventIds.RunStarted, Level = LogLevel.Information,
        Message = "Run {RunId} started: {AssetCount} assets, {Threads} threads, {Mode}")]
    public static partial void RunStarted(ILogger logger, string runId, int assetCount, int threads, ExecutionMode mode);

    [LoggerMessage(EventId = OrchestrationEventIds.RunFinished, Level = LogLevel.Information,
        Message = "Run {RunId} {Status} in {DurationMs} ms")]
    public static partial void RunFinished(ILogger logger, string runId, RunStatus status, long durationMs);

    [LoggerMessage(EventId = OrchestrationEventIds.AssetStarted, Level = LogLevel.Debug, Message = "Asset {Asset} started")]
    public static partial void AssetStarted(ILogger logger, string asset);

    [LoggerMessage(EventId = OrchestrationEventIds.AssetSucceeded, Level = LogLevel.Debug,
        Message = "Asset {Asset} succeeded after {Attempts} attempts in {DurationMs} ms ({RowCount} rows)")]
    public static partial void AssetSucceeded(ILogger logger, string asset, int attempts, long durationMs, long? rowCount);

    [LoggerMessage(EventId = OrchestrationEventIds.AssetRetrying, Level = LogLevel.Warning,
        Message = "Asset {Asset} attempt {Attempt} failed; retrying in {DelayMs} ms")]
    public static partial void AssetRetrying(ILogger logger, string asset, int attempt, long delayMs, Exception? exception);

    [LoggerMessage(EventId = OrchestrationEventIds.AssetFailed, Level = LogLevel.Warning,
        Message = "Asset {Asset} failed after {Attempts} attempts: {Error}")]
    public static partial void AssetFailed(ILogger logger, string asset, int attempts, string error, Exception? exception);

    [LoggerMessage(EventId = OrchestrationEventIds.AssetSkipped, Level = LogLevel.Debug, Message = "Asset {Asset} skipped: {Reason}")]
    public static partial void AssetSkipped(ILogger logger, string asset, string reason);

    [LoggerMessage(EventId = OrchestrationEventIds.AssetCancelled, Level = LogLevel.Debug, Message = "Asset {Asset} cancelled")]
    public static partial void AssetCancelled(ILogger logger, string asset);

    [LoggerMessage(EventId = OrchestrationEventIds.ProfileFailed, Level = LogLevel.Warning,
        Message = "Asset {Asset} could not be profiled; the run goes on")]
    public static partial void ProfileFailed(ILogger logger, string asset, Exception exception);

    [LoggerMessage(EventId = OrchestrationEventIds.ObserverFailed, Level = LogLevel.Warning,
        Message = "The execution observer threw in {Callback}; the run goes on")]
    public static partial void ObserverFailed(ILogger logger, string callback, Exception exception);

    [LoggerMessage(EventId = OrchestrationEventIds.RunStoreFailed, Level = LogLevel.Error,
        Message = "Run {RunId} could not be recorded in the run store")]
    public static partial void RunStoreFailed(ILogger logger, string runId, Exception exception);
}
