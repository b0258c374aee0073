using Microsoft.Extensions.Logging;

namespace Weir.Quality;

/// <summary>Weir.Quality's log messages. Row values and engine messages stay out of them.</summary>
internal static partial class Log
{
    [LoggerMessage(
        EventId = QualityEventIds.ChecksStarting,
        Level = LogLevel.Debug,
        Message = "Running {CheckCount} checks on {Asset} in {StatementCount} statements")]
    public static partial void ChecksStarting(ILogger logger, string asset, int checkCount, int statementCount);

    [LoggerMessage(
        EventId = QualityEventIds.SharedQueryFailed,
        Level = LogLevel.Warning,
        Message = "The {Query} query of {Asset} failed; running its {CheckCount} checks one by one")]
    public static partial void SharedQueryFailed(ILogger logger, string asset, string query, int checkCount);

    [LoggerMessage(
        EventId = QualityEventIds.CheckErrored,
        Level = LogLevel.Warning,
        Message = "Check {Check} on {Asset} could not run")]
    public static partial void CheckErrored(ILogger logger, string asset, string check);

    [LoggerMessage(
        EventId = QualityEventIds.CheckFailed,
        Level = LogLevel.Information,
        Message = "Check {Check} on {Asset} failed with {FailingRows} failing rows (severity {Severity})")]
    public static partial void CheckFailed(ILogger logger, string asset, string check, long failingRows, string severity);

    [LoggerMessage(
        EventId = QualityEventIds.ChecksCompleted,
        Level = LogLevel.Debug,
        Message = "Ran {CheckCount} checks on {Asset}: {FailedCount} failed, {ErrorCount} could not run (in {DurationMs}ms)")]
    public static partial void ChecksCompleted(
        ILogger logger, string asset, int checkCount, int failedCount, int errorCount, double durationMs);

    [LoggerMessage(
        EventId = QualityEventIds.SampleFailed,
        Level = LogLevel.Warning,
        Message = "The sample query of check {Check} on {Asset} failed; the result is kept without a sample")]
    public static partial void SampleFailed(ILogger logger, string asset, string check);
}
