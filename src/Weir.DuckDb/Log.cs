using Microsoft.Extensions.Logging;
using Weir.Project;

namespace Weir.DuckDb;

/// <summary>Weir.DuckDb's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = DuckDbEventId.BuildingAsset, Level = LogLevel.Debug, Message = "Building {AssetKind} {AssetName}")]
    public static partial void BuildingAsset(ILogger logger, AssetKind assetKind, string assetName);

    [LoggerMessage(EventId = DuckDbEventId.BuiltAsset, Level = LogLevel.Debug, Message = "Built {AssetName}: {Action}")]
    public static partial void BuiltAsset(ILogger logger, string assetName, string action);

    [LoggerMessage(
        EventId = DuckDbEventId.RollbackFailed, Level = LogLevel.Warning, Message = "Cleaning up after the build of {AssetName} failed")]
    public static partial void RollbackFailed(ILogger logger, Exception exception, string assetName);
}
