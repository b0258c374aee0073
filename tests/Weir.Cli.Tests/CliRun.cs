namespace Weir.Cli.Tests;

/// <summary>Runs the weir command in-process with captured output.</summary>
internal sealed class CliRun
{
    private CliRun(int exitCode, string output, string error)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
    }

    public int ExitCode { get; }

    /// <summary>Standard output: data, or people's text in table format.</summary>
    public string Output { get; }

    /// <summary>Standard error: diagnostics, and people's text when a data format is chosen.</summary>
    public string Error { get; }

    public string All => Output + Error;

    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, interactive: false, ansi: false);
        var code = await CliApplication.RunAsync(args, console, TestContext.Current.CancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
