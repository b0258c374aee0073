using System.Globalization;
using Weir.Checks;
using Weir.Project;
using Weir.Runs;

namespace Weir.Catalog;

/// <summary>
/// How values are written as SQLite text. The strings are the stored format, kept apart from the enum member
/// names so a rename in code never changes what old databases mean.
/// </summary>
internal static class SqliteValues
{
    /// <summary>ISO-8601 in UTC with seven fractional digits ("o"): sorts as text in time order.</summary>
    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);

    public static DateTimeOffset ToDateTimeOffset(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string ToText(RunStatus value) => value switch
    {
        RunStatus.Running => "running",
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static RunStatus ToRunStatus(string text) => text switch
    {
        "running" => RunStatus.Running,
        "succeeded" => RunStatus.Succeeded,
        "failed" => RunStatus.Failed,
        "cancelled" => RunStatus.Cancelled,
        _ => throw Unknown("run status", text),
    };

    public static string ToText(AssetStatus value) => value switch
    {
        AssetStatus.Pending => "pending",
        AssetStatus.Running => "running",
        AssetStatus.Succeeded => "succeeded",
        AssetStatus.Failed => "failed",
        AssetStatus.Skipped => "skipped",
        AssetStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static AssetStatus ToAssetStatus(string text) => text switch
    {
        "pending" => AssetStatus.Pending,
        "running" => AssetStatus.Running,
        "succeeded" => AssetStatus.Succeeded,
        "failed" => AssetStatus.Failed,
        "skipped" => AssetStatus.Skipped,
        "cancelled" => AssetStatus.Cancelled,
        _ => throw Unknown("asset status", text),
    };

    public static string ToText(CheckSeverity value) => value switch
    {
        CheckSeverity.Error => "error",
        CheckSeverity.Warn => "warn",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static CheckSeverity ToCheckSeverity(string text) => text switch
    {
        "error" => CheckSeverity.Error,
        "warn" => CheckSeverity.Warn,
        _ => throw Unknown("check severity", text),
    };

    public static string ToText(CheckStatus value) => value switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Fail => "fail",
        CheckStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static CheckStatus ToCheckStatus(string text) => text switch
    {
        "pass" => CheckStatus.Pass,
        "fail" => CheckStatus.Fail,
        "error" => CheckStatus.Error,
        _ => throw Unknown("check status", text),
    };

    public static object OrNull(object? value) => value ?? DBNull.Value;

    private static InvalidDataException Unknown(string what, string text) =>
        new($"The metadata database holds an unknown {what} '{text}'.");
}
