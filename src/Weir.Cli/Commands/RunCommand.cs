using System.CommandLine;
using Spectre.Console;
using Weir.Cli.Rendering;
using Weir.Orchestration;
using Weir.Planning;
using Weir.Runs;

namespace Weir.Cli.Commands;

/// <summary><c>weir run</c>: ingest, build and check the selected assets in DAG order, in parallel.</summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var select = CliOptions.Select();
        var threads = CliOptions.Threads();
        var format = CliOptions.Format();
        var resume = new Option<string?>("--resume")
        {
            Description = "Rebuild only what failed, was skipped or was cancelled in this run.",
            HelpName = "RUN_ID",
        };
        var command = new Command("run", "Ingest, build and check assets in DAG order, in parallel.");
        command.Options.Add(select);
        command.Options.Add(threads);
        command.Options.Add(resume);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new PipelineRequest
            {
                ProjectDirectory = parse.GetValue(CliOptions.Project)!,
                Selectors = parse.GetValue(select),
                Threads = parse.GetValue(threads),
                ResumeRunId = parse.GetValue(resume),
                Format = parse.GetValue(format),
                Mode = ExecutionMode.BuildAndCheck,
            };
            var result = await Pipeline.RunAsync(console, request, cancellationToken);
            return result.Status switch
            {
                RunStatus.Succeeded => ExitCodes.Success,
                RunStatus.Cancelled => ExitCodes.Cancelled,
                _ => ExitCodes.Failure,
            };
        });
        return command;
    }
}
