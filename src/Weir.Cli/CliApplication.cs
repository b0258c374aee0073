using System.CommandLine;
using Spectre.Console;
using Weir.Cli.Commands;

namespace Weir.Cli;

/// <summary>The <c>weir</c> command: verbs, shared options, and the one place failures become exit codes.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Weir: data pipelines as code. SQL models, lineage-built DAG, checks, runs.");
        root.Options.Add(CliOptions.Project);
        root.Subcommands.Add(InitCommand.Create(console));
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(ValidateCommand.Create(console));
        root.Subcommands.Add(RunCommand.Create(console));
        root.Subcommands.Add(TestCommand.Create(console));
        root.Subcommands.Add(QueryCommand.Create(console));
        root.Subcommands.Add(GraphCommand.Create(console));
        root.Subcommands.Add(RunsCommand.Create(console));
        root.Subcommands.Add(HistoryCommand.Create(console));
        root.Subcommands.Add(SchemaCommand.Create(console));
        root.Subcommands.Add(ProfileCommand.Create(console));
        root.Subcommands.Add(MaintenanceCommands.Optimize(console));
        root.Subcommands.Add(MaintenanceCommands.Vacuum(console));
        root.Subcommands.Add(ServeCommand.Create(console));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.HumanError.MarkupLine($"[red]error[/]: {Markup.Escape(error.Message)}");
            }

            console.HumanError.MarkupLine("[dim]run `weir --help` for usage[/]");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken);
        }
        catch (CliException ex)
        {
            console.HumanError.MarkupLine($"[red]error[/]: {Markup.Escape(ex.Message)}");
            if (ex.Hint is not null)
            {
                console.HumanError.MarkupLine($"  [dim]hint: {Markup.Escape(ex.Hint)}[/]");
            }

            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.HumanError.MarkupLine("[yellow]cancelled[/]");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is DuckDB.NET.Data.DuckDBException or IOException or UnauthorizedAccessException)
        {
            console.HumanError.MarkupLine($"[red]error[/]: {Markup.Escape(ex.Message)}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("WEIR_DEBUG") is null)
        {
            // A fault in Weir itself, not the user's mistake: one line, and the way to see more.
            console.HumanError.MarkupLine($"[red]internal error[/]: {Markup.Escape(ex.GetType().Name)}: {Markup.Escape(ex.Message)}");
            console.HumanError.MarkupLine("  [dim]hint: set WEIR_DEBUG=1 to see the stack trace, and please report it[/]");
            return ExitCodes.Failure;
        }
    }
}
