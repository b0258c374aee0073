using Spectre.Console;

namespace Weir.Cli;

/// <summary>
/// Where the command writes. Data (JSON, CSV, query rows) goes to <see cref="Out"/>; text for people goes to
/// <see cref="Human"/>, which is standard error when the data format is a machine one, so pipes stay clean.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter @out, TextWriter error, bool interactive, bool ansi)
    {
        Out = @out;
        Error = error;
        Interactive = interactive;
        Ansi = ansi;
        HumanOut = Create(@out, interactive, ansi);
        HumanError = Create(error, interactive, ansi);
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool Interactive { get; }

    public bool Ansi { get; }

    /// <summary>Human text on standard output.</summary>
    public IAnsiConsole HumanOut { get; }

    /// <summary>Human text on standard error.</summary>
    public IAnsiConsole HumanError { get; }

    public static CliConsole System()
    {
        var redirected = Console.IsOutputRedirected;
        return new CliConsole(Console.Out, Console.Error, interactive: !redirected, ansi: !redirected && !Console.IsErrorRedirected);
    }

    /// <summary>The console for people's text given the data format in use.</summary>
    public IAnsiConsole HumanFor(OutputFormat format) => format == OutputFormat.Table ? HumanOut : HumanError;

    private static IAnsiConsole Create(TextWriter writer, bool interactive, bool ansi)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = ansi ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!ansi)
        {
            // Wide enough that tables written to files and pipes are not wrapped.
            console.Profile.Width = 200;
        }

        return console;
    }
}
