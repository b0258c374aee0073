namespace Weir.Lake;

/// <summary>Event IDs of Weir.Lake's log messages.</summary>
internal static class LakeEventId
{
    public const int LastCheckpointUnreadable = 4001;
    public const int LastCheckpointStale = 4002;
    public const int CheckpointUnreadable = 4003;
    public const int CheckpointWriteFailed = 4004;
    public const int CheckpointWritten = 4005;
    public const int CommitRetried = 4006;
    public const int Committed = 4007;
    public const int VacuumDeleted = 4008;
}
