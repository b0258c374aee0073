using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Weir.Cli.Rendering;
using Weir.DuckDb.Lake;
using Weir.Project;
using Weir.Engine;

namespace Weir.Cli.Commands;

/// <summary><c>weir vacuum</c> and <c>weir optimize</c>: keep the lake's tables lean.</summary>
internal static class MaintenanceCommands
{
    public static Command Vacuum(CliConsole console)
    {
        var names = new Argument<string[]>("names") { Description = "Assets to vacuum (default: every stored asset).", Arity = ArgumentArity.ZeroOrMore };
        var retention = new Option<string?>("--retention")
        {
            Description = "Keep files removed less than this long ago (default: lake.retention in weir.yaml, else 7d).",
            HelpName = "DURATION",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted; delete nothing." };
        var format = CliOptions.Format();
        var command = new Command("vacuum", "Delete data files no version within the retention needs (old versions' files, orphans of failed writes).");
        command.Arguments.Add(names);
        command.Options.Add(retention);
        command.Options.Add(dryRun);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, fmt, cancellationToken);
            TimeSpan? keep = null;
            if (parse.GetValue(retention) is { } text)
            {
                keep = DurationParser.TryParse(text, out var parsed)
                    ? parsed
                    : throw new CliException($"--retention '{text}' is not a duration", ExitCodes.Usage, $"write {DurationParser.Examples}");
            }

            var lake = new LakeTables(workspace.Project.Lake);
            var rows = new List<IReadOnlyList<object?>>();
            foreach (var asset in StoredAssets(workspace, parse.GetValue(names)))
            {
                if (await lake.VacuumAsync(asset, keep, parse.GetValue(dryRun), cancellationToken) is { } result)
                {
                    rows.Add([asset.Name, result.Files.Count, result.Bytes, result.DryRun]);
                }
            }

            Write(console, fmt, ["asset", "files_deleted", "bytes_deleted", "dry_run"], rows);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Optimize(CliConsole console)
    {
        var names = new Argument<string[]>("names") { Description = "Assets to compact (default: every stored asset).", Arity = ArgumentArity.ZeroOrMore };
        var format = CliOptions.Format();
        var command = new Command("optimize", "Compact small data files into files of lake.target_file_size, without changing data.");
        command.Arguments.Add(names);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, fmt, cancellationToken);
            await using var engine = await workspace.OpenWarehouseAsync(readOnly: false, cancellationToken);
            await using var session = await engine.OpenSessionAsync(cancellationToken);
            var lake = new LakeTables(workspace.Project.Lake);
            var rows = new List<IReadOnlyList<object?>>();
            foreach (var asset in StoredAssets(workspace, parse.GetValue(names)))
            {
                var result = await lake.OptimizeAsync(session, asset, cancellationToken);
                rows.Add([asset.Name, result?.Version, result?.FilesRemoved ?? 0, result?.FilesAdded ?? 0]);
            }

            Write(console, fmt, ["asset", "version", "files_compacted", "files_written"], rows);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The named assets (every one that is stored in the lake when none is named), checked to be stored.</summary>
    private static IEnumerable<AssetSpec> StoredAssets(Workspace workspace, string[]? names)
    {
        static bool Stored(AssetSpec spec) => spec switch
        {
            SourceSpec source => source.Format != SourceFormat.Delta,
            ModelSpec model => model.Materialized != Materialization.View,
            _ => true,
        };

        if (names is null || names.Length == 0)
        {
            return workspace.Graph.TopologicalOrder.Select(n => workspace.Graph[n].Spec).Where(Stored).ToList();
        }

        var specs = new List<AssetSpec>();
        foreach (var name in names)
        {
            if (!workspace.Graph.Contains(name))
            {
                throw new CliException($"no asset '{name}' in the project", hint: Diagnostics.NameSuggestions.DidYouMean(name, workspace.Graph.Nodes.Keys));
            }

            var spec = workspace.Graph[name].Spec;
            specs.Add(Stored(spec) ? spec : throw new CliException($"'{spec.Name}' is not stored in the lake (a view, or a Delta table read in place)"));
        }

        return specs;
    }

    private static void Write(CliConsole console, OutputFormat format, string[] header, List<IReadOnlyList<object?>> rows)
    {
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.WriteRows(console.Out, header, rows);
                break;
            case OutputFormat.Csv:
                CsvOutput.Write(console.Out, header, rows);
                break;
            default:
                var table = new Table().Border(TableBorder.Simple);
                foreach (var h in header)
                {
                    table.AddColumn(h.Replace('_', ' '));
                }

                foreach (var row in rows)
                {
                    table.AddRow(row.Select(v => Markup.Escape(v is long or int ? Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture) : EngineValues.Format(v))).ToArray());
                }

                console.HumanOut.Write(table);
                break;
        }
    }
}
