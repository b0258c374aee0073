namespace Weir.Orchestration;

/// <summary>Event ids of the orchestration log messages (3000-3099).</summary>
internal static class OrchestrationEventIds
{
    public const int RunStarted = 3000;
    public const int RunFinished = 3001;
    public const int AssetStarted = 3010;
    public const int AssetSucceeded = 3011;
    public const int AssetRetrying = 3012;
    public const int AssetFailed = 3013;
    public const int AssetSkipped = 3014;
    public const int AssetCancelled = 3015;
    public const int ProfileFailed = 3016;
    public const int ObserverFailed = 3020;
    public const int RunStoreFailed = 3021;
}
