namespace Weir.Quality;

/// <summary>Event ids of Weir.Quality's log messages (41xx).</summary>
internal static class QualityEventIds
{
    public const int ChecksStarting = 4101;

    public const int SharedQueryFailed = 4102;

    public const int CheckErrored = 4103;

    public const int CheckFailed = 4104;

    public const int ChecksCompleted = 4105;

    public const int SampleFailed = 4106;
}
