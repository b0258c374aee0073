using System.Globalization;
using Weir.Runs;

namespace Weir.Cli.Rendering;

/// <summary>Small formatting helpers shared by the verbs' human output.</summary>
internal static class Format
{
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0}ms"),
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s"),
    };

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "[green]succeeded[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Cancelled => "[yellow]cancelled[/]",
        _ => "[blue]running[/]",
    };

    public static string Status(AssetStatus status) => status switch
    {
        AssetStatus.Succeeded => "[green]succeeded[/]",
        AssetStatus.Failed => "[red]failed[/]",
        AssetStatus.Skipped => "[grey]skipped[/]",
        AssetStatus.Cancelled => "[yellow]cancelled[/]",
        AssetStatus.Running => "[blue]running[/]",
        _ => "pending",
    };

    public static string Rows(long? rows) => rows?.ToString("N0", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A byte count for people: <c>512 B</c>, <c>1.5 KB</c>, <c>12.3 MB</c> (powers of 1024).</summary>
    public static string Bytes(long? bytes) => bytes switch
    {
        null => "",
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.#} GB"),
    };
}
