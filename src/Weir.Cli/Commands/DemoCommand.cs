using System.CommandLine;
using Spectre.Console;
using Weir.Cli.Demo;
using Weir.Orchestration;
using Weir.Runs;

namespace Weir.Cli.Commands;

/// <summary><c>weir demo [DIR]</c>: write the demo shop (data and project) and run it end to end.</summary>
internal static class DemoCommand
{
    public const string DefaultDirectory = "weir-demo";

    public static Command Create(CliConsole console)
    {
        var directory = new Argument<string>("dir")
        {
            Description = $"Where to create the demo project (default: ./{DefaultDirectory}).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing demo project in that folder." };
        var orders = new Option<int>("--orders") { Description = "Orders to generate.", DefaultValueFactory = _ => DemoData.DefaultOrders };
        var command = new Command("demo", "Create the demo shop project and run it end to end.");
        command.Arguments.Add(directory);
        command.Options.Add(force);
        command.Options.Add(orders);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = Path.GetFullPath(parse.GetValue(directory) ?? DefaultDirectory);
            var human = console.HumanOut;
            if (Prepare(root, parse.GetValue(force)))
            {
                human.MarkupLine($"[bold]weir demo[/]: writing the coffee shop project to [bold]{Markup.Escape(root)}[/]");
                DemoProject.Write(root, orders: Math.Max(100, parse.GetValue(orders)));
                human.MarkupLine("  raw data: data/customers.csv, data/products.json, data/orders/orders_*.csv (one per month), data/order_items.ndjson");
                human.MarkupLine("  project:  weir.yaml, sources/shop.yaml, 8 SQL models in models/staging and models/marts, seeds/countries.csv");
            }
            else
            {
                human.MarkupLine($"[bold]weir demo[/]: running the existing demo in [bold]{Markup.Escape(root)}[/] (--force recreates it)");
            }

            human.WriteLine();

            var result = await Pipeline.RunAsync(
                console,
                new PipelineRequest { ProjectDirectory = root, Format = OutputFormat.Table, Mode = ExecutionMode.BuildAndCheck },
                cancellationToken);

            var relative = Path.GetRelativePath(Environment.CurrentDirectory, root);
            human.WriteLine();
            human.MarkupLine("[bold]next[/] (the weir command: dotnet publish src/Weir.Cli -c Release -o ~/.weir, then put ~/.weir on PATH):");
            human.MarkupLine($"  weir query -p {Markup.Escape(relative)} \"select * from daily_revenue order by order_date desc limit 5\"");
            human.MarkupLine($"  weir graph -p {Markup.Escape(relative)} --format mermaid");
            human.MarkupLine($"  weir test  -p {Markup.Escape(relative)} --format json");
            human.MarkupLine($"  weir runs  -p {Markup.Escape(relative)}");
            return result.Status == RunStatus.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>Whether the project must be written: true for a new or empty folder, or with --force over an old demo.</summary>
    private static bool Prepare(string root, bool force)
    {
        if (!Directory.Exists(root) || !Directory.EnumerateFileSystemEntries(root).Any())
        {
            return true;
        }

        var isDemo = File.Exists(Path.Combine(root, "weir.yaml"))
            && File.ReadAllText(Path.Combine(root, "weir.yaml")).Contains("name: coffee_shop", StringComparison.Ordinal);
        if (!isDemo)
        {
            throw new CliException($"{root} exists and is not a Weir demo project", hint: "pass another folder: weir demo DIR");
        }

        if (!force)
        {
            return false;
        }

        Directory.Delete(root, recursive: true);
        return true;
    }
}
