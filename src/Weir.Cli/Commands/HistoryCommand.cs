using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Weir.Cli.Rendering;
using Weir.Lake.Log;
using Weir.Lake.Protocol;
using Weir.Engine;

namespace Weir.Cli.Commands;

/// <summary><c>weir history NAME</c>: the versions of an asset's Delta table, newest first.</summary>
internal static class HistoryCommand
{
    private static readonly string[] s_header =
        ["version", "timestamp", "operation", "rows_added", "rows_removed", "files_added", "files_removed", "schema_change"];

    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The asset (a source, seed, or table/incremental model)." };
        var limit = new Option<int?>("--limit", "-n") { Description = "Show the newest N versions.", HelpName = "N" };
        var format = CliOptions.Format();
        var command = new Command("history", "List the versions of an asset's table: operation, rows added and removed, schema changes.");
        command.Arguments.Add(name);
        command.Options.Add(limit);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, fmt, cancellationToken);
            var (log, _) = await LakeLocator.LocateAsync(workspace, parse.GetValue(name)!, cancellationToken);
            var rows = await ReadAsync(log, parse.GetValue(limit), cancellationToken);
            switch (fmt)
            {
                case OutputFormat.Json:
                    JsonOutput.WriteRows(console.Out, s_header, rows);
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(console.Out, s_header, rows);
                    break;
                default:
                    var table = new Table().Border(TableBorder.Simple);
                    foreach (var h in new[] { "version", "time", "operation", "rows +", "rows −", "files +/−", "schema change" })
                    {
                        table.AddColumn(h);
                    }

                    foreach (var r in rows)
                    {
                        table.AddRow(
                            Markup.Escape(EngineValues.Format(r[0])),
                            Markup.Escape(DateTimeOffset.Parse((string)r[1]!, CultureInfo.InvariantCulture).ToLocalTime()
                                .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                            Markup.Escape(EngineValues.Format(r[2])),
                            Markup.Escape(EngineValues.Format(r[3])),
                            Markup.Escape(EngineValues.Format(r[4])),
                            $"{r[5]}/{r[6]}",
                            Markup.Escape(EngineValues.Format(r[7])));
                    }

                    console.HumanOut.Write(table);
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One row per version, newest first; the schema change is read from the commit's metaData action.</summary>
    internal static async Task<List<IReadOnlyList<object?>>> ReadAsync(DeltaLog log, int? limit, CancellationToken cancellationToken)
    {
        var history = await log.GetHistoryAsync(limit, cancellationToken);
        var rows = new List<IReadOnlyList<object?>>(history.Count);
        foreach (var entry in history)
        {
            rows.Add(
            [
                entry.Version,
                entry.Timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                entry.Operation,
                Metric(entry, "numOutputRows"),
                Metric(entry, "numRemovedRows") ?? (Metric(entry, "numRemovedFiles") is 0 ? 0L : null),
                Metric(entry, "numAddedFiles"),
                Metric(entry, "numRemovedFiles"),
                await SchemaChangeAsync(log, entry.Version, cancellationToken),
            ]);
        }

        return rows;
    }

    private static long? Metric(CommitEntry entry, string name) =>
        entry.OperationMetrics.TryGetValue(name, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static async Task<string?> SchemaChangeAsync(DeltaLog log, long version, CancellationToken cancellationToken)
    {
        var actions = await log.ReadCommitAsync(version, cancellationToken);
        if (actions.FirstOrDefault(a => a.Metadata is not null)?.Metadata is not { } metadata)
        {
            return null;
        }

        var schema = TableSchema.Parse(metadata.SchemaString);
        if (version == 0)
        {
            return "created: " + string.Join(", ", schema.Fields.Select(f => $"{f.Name} {f.Type}"));
        }

        var before = await log.LoadSnapshotAsync(version - 1, cancellationToken);
        var diff = SchemaEvolution.Compare(TableSchema.Parse(before.Metadata.SchemaString), schema);
        return diff.IsEmpty ? null : diff.Summary();
    }
}
