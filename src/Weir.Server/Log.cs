using Microsoft.Extensions.Logging;

namespace Weir.Server;

/// <summary>Weir.Server's log messages. Tokens and row values never appear in them.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = ServerEventId.Listening, Level = LogLevel.Information, Message = "Weir server for {Project} listening on {Address}")]
    public static partial void Listening(ILogger logger, string project, string address);

    [LoggerMessage(
        EventId = ServerEventId.BatchLanded,
        Level = LogLevel.Information,
        Message = "Push batch {Batch} to {Source}: {RowsRead} rows read, {RowsLoaded} loaded, {RowsQuarantined} quarantined, Delta version {Version}, duplicate {Duplicate}")]
    public static partial void BatchLanded(
        ILogger logger, string batch, string source, long rowsRead, long rowsLoaded, long rowsQuarantined, long version, bool duplicate);

    [LoggerMessage(EventId = ServerEventId.BatchRefused, Level = LogLevel.Warning, Message = "Push batch to {Source} refused ({Failure})")]
    public static partial void BatchRefused(ILogger logger, string source, string failure);

    [LoggerMessage(EventId = ServerEventId.RecordFailed, Level = LogLevel.Warning, Message = "Recording the push run of {Source} in the run store failed")]
    public static partial void RecordFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = ServerEventId.BatchFailed, Level = LogLevel.Error, Message = "Push batch to {Source} failed")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string source);
}
