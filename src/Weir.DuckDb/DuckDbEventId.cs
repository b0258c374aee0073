namespace Weir.DuckDb;

/// <summary>Event IDs of Weir.DuckDb's log messages.</summary>
internal static class DuckDbEventId
{
    public const int BuildingAsset = 1001;
    public const int BuiltAsset = 1002;
    public const int RollbackFailed = 1003;
}
