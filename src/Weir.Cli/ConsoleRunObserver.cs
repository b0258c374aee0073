using System.Globalization;
using Spectre.Console;
using Weir.Checks;
using Weir.Cli.Rendering;
using Weir.Orchestration;
using Weir.Runs;

namespace Weir.Cli;

/// <summary>
/// Live progress of a run for people: one line per asset as it finishes (<c>[3/12] ✓ stg_orders 1,204 rows 0.3s</c>),
/// retries as they happen. Lines rather than a redrawn screen, so the same output reads well in a terminal, a CI log
/// and a pipe. Called from the executor's worker threads; Spectre's console serializes writes.
/// </summary>
internal sealed class ConsoleRunObserver : IExecutionObserver
{
    private readonly IAnsiConsole _console;
    private readonly int _total;
    private readonly int _nameWidth;
    private int _done;

    public ConsoleRunObserver(IAnsiConsole console, int total, int nameWidth)
    {
        _console = console;
        _total = total;
        _nameWidth = Math.Clamp(nameWidth, 8, 48);
    }

    public void AssetRetrying(string asset, int attempt, TimeSpan delay, string error) =>
        _console.MarkupLine(
            $"        [yellow]↻[/] {Markup.Escape(asset)} attempt {attempt} failed, retrying in {Format.Duration(delay)}: [dim]{Markup.Escape(OneLine(error))}[/]");

    public void AssetFinished(AssetRunRecord record, IReadOnlyList<CheckResult> checkResults)
    {
        var done = Interlocked.Increment(ref _done);
        var counter = $"[dim][[{done.ToString(CultureInfo.InvariantCulture).PadLeft(_total.ToString(CultureInfo.InvariantCulture).Length)}/{_total}]][/]";
        var name = Markup.Escape(record.Asset.PadRight(_nameWidth));
        var took = record.StartedAt is { } s && record.EndedAt is { } e ? Format.Duration(e - s) : string.Empty;
        var rows = record.Rows is { } r ? $"{Format.Rows(r)} rows" : string.Empty;
        var passed = checkResults.Count(c => c.Status == CheckStatus.Pass);
        var checks = checkResults.Count == 0 ? string.Empty
            : passed == checkResults.Count ? (passed == 1 ? "1 check ok" : $"{passed} checks ok")
            : $"{passed}/{checkResults.Count} checks ok";
        var line = record.Status switch
        {
            AssetStatus.Succeeded => $"{counter} [green]✓[/] {name} {rows,14} {took,7}  [dim]{checks}[/]",
            AssetStatus.Failed => $"{counter} [red]✗[/] {name} [red]{Markup.Escape(OneLine(record.Error ?? "failed"))}[/]",
            AssetStatus.Skipped => $"{counter} [grey]-[/] {name} [grey]skipped: {Markup.Escape(record.Error ?? string.Empty)}[/]",
            _ => $"{counter} [yellow]![/] {name} [yellow]{record.Status.ToString().ToLowerInvariant()}[/]",
        };
        _console.MarkupLine(line);
        foreach (var warn in checkResults.Where(c => c.Status != CheckStatus.Pass && !c.BlocksAsset))
        {
            _console.MarkupLine($"        [yellow]warn[/] {Markup.Escape(warn.Column is null ? warn.Check : $"{warn.Check}({warn.Column})")}: {Markup.Escape(warn.Message ?? string.Empty)}");
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
