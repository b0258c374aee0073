using Microsoft.Extensions.Logging;

namespace Weir.Lake;

/// <summary>Weir.Lake's log messages (not named <c>Log</c>: that is the namespace of the Delta log reader).</summary>
internal static partial class LakeLog
{
    [LoggerMessage(EventId = LakeEventId.LastCheckpointUnreadable, Level = LogLevel.Warning,
        Message = "Table {Table}: _last_checkpoint is unreadable; listing the log instead")]
    public static partial void LastCheckpointUnreadable(ILogger logger, Exception? exception, string table);

    [LoggerMessage(EventId = LakeEventId.LastCheckpointStale, Level = LogLevel.Debug,
        Message = "Table {Table}: _last_checkpoint points at version {Version}, which has no complete checkpoint; using the listing")]
    public static partial void LastCheckpointStale(ILogger logger, string table, long version);

    [LoggerMessage(EventId = LakeEventId.CheckpointUnreadable, Level = LogLevel.Warning,
        Message = "Table {Table}: the checkpoint at version {Version} is unreadable; falling back to an older one")]
    public static partial void CheckpointUnreadable(ILogger logger, Exception exception, string table, long version);

    [LoggerMessage(EventId = LakeEventId.CheckpointWriteFailed, Level = LogLevel.Warning,
        Message = "Table {Table}: writing the checkpoint at version {Version} failed; the commit stands")]
    public static partial void CheckpointWriteFailed(ILogger logger, Exception exception, string table, long version);

    [LoggerMessage(EventId = LakeEventId.CheckpointWritten, Level = LogLevel.Debug,
        Message = "Table {Table}: wrote the checkpoint at version {Version} ({ActionCount} actions)")]
    public static partial void CheckpointWritten(ILogger logger, string table, long version, int actionCount);

    [LoggerMessage(EventId = LakeEventId.CommitRetried, Level = LogLevel.Debug,
        Message = "Table {Table}: version {Version} was taken by another writer; retrying at {NextVersion}")]
    public static partial void CommitRetried(ILogger logger, string table, long version, long nextVersion);

    [LoggerMessage(EventId = LakeEventId.Committed, Level = LogLevel.Debug,
        Message = "Table {Table}: committed version {Version} ({Operation})")]
    public static partial void Committed(ILogger logger, string table, long version, string operation);

    [LoggerMessage(EventId = LakeEventId.VacuumDeleted, Level = LogLevel.Information,
        Message = "Table {Table}: vacuum deleted {FileCount} files ({ByteCount} bytes)")]
    public static partial void VacuumDeleted(ILogger logger, string table, int fileCount, long byteCount);
}
