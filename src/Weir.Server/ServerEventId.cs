namespace Weir.Server;

/// <summary>Event IDs of Weir.Server's log messages.</summary>
internal static class ServerEventId
{
    public const int Listening = 3001;
    public const int BatchLanded = 3002;
    public const int BatchRefused = 3003;
    public const int RecordFailed = 3004;
    public const int BatchFailed = 3005;
}
