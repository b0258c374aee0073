using System.CommandLine;

namespace Weir.Cli;

/// <summary>Options several verbs share, created once so that every verb spells them the same way.</summary>
internal static class CliOptions
{
    public static Option<string> Project { get; } = new("--project", "-p")
    {
        Description = "The project folder (default: the current folder).",
        DefaultValueFactory = _ => ".",
        Recursive = true,
        HelpName = "DIR",
    };

    public static Option<OutputFormat> Format() => new("--format", "-f")
    {
        Description = "How to print data: table (for people), json or csv (for machines).",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static Option<string[]> Select() => new("--select", "-s")
    {
        Description = "Which assets: name, +name (with upstream), name+ (with downstream), tag:x, source:x; several separated by spaces or commas.",
        AllowMultipleArgumentsPerToken = true,
        HelpName = "SELECTOR",
    };

    public static Option<int?> Threads() => new("--threads", "-t")
    {
        Description = "Assets built at once (default: run.threads in weir.yaml, else 4).",
        HelpName = "N",
    };
}
