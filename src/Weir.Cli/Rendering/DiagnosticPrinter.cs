using Spectre.Console;
using Weir.Diagnostics;

namespace Weir.Cli.Rendering;

/// <summary>Prints diagnostics the way compilers do: <c>file:line:col: error CODE: message</c>, then the hint.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(IAnsiConsole console, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var (label, color) = d.Severity == DiagnosticSeverity.Error ? ("error", "red") : ("warning", "yellow");
            console.MarkupLine($"[bold]{Markup.Escape(d.Location.ToString())}[/]: [{color}]{label} {d.Code}[/]: {Markup.Escape(d.Message)}");
            if (d.Hint is not null)
            {
                console.MarkupLine($"  [dim]hint: {Markup.Escape(d.Hint)}[/]");
            }
        }
    }
}
