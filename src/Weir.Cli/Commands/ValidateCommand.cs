using System.CommandLine;
using Spectre.Console;
using Weir.Cli.Rendering;
using Weir.Project;

namespace Weir.Cli.Commands;

/// <summary><c>weir validate</c>: load, parse every SQL file, build the DAG; touch no data. The CI gate.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var format = CliOptions.Format();
        var command = new Command("validate", "Check the project: YAML, SQL, references, cycles, checks. No data is touched.");
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, parse.GetValue(format), cancellationToken);
            var graph = workspace.Graph;
            var assets = graph.Nodes.Values;
            var counts = new
            {
                Sources = assets.Count(a => a.Kind == AssetKind.Source),
                Seeds = assets.Count(a => a.Kind == AssetKind.Seed),
                Models = assets.Count(a => a.Kind == AssetKind.Model),
                Edges = assets.Sum(a => a.Upstream.Count),
                Checks = assets.Sum(a => a.Spec.AllChecks.Count()),
            };
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.Write(console.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("project", workspace.Project.Name);
                    json.WriteBoolean("valid", true);
                    json.WriteNumber("sources", counts.Sources);
                    json.WriteNumber("seeds", counts.Seeds);
                    json.WriteNumber("models", counts.Models);
                    json.WriteNumber("edges", counts.Edges);
                    json.WriteNumber("checks", counts.Checks);
                    json.WriteEndObject();
                });
            }
            else
            {
                console.HumanOut.MarkupLine(
                    $"[green]✓[/] {Markup.Escape(workspace.Project.Name)}: {counts.Sources} sources, {counts.Seeds} seeds, " +
                    $"{counts.Models} models, {counts.Edges} dependencies, {counts.Checks} checks — valid");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
