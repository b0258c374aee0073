using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Weir.Cli.Rendering;
using Weir.Lake.Protocol;
using Weir.Runs;

namespace Weir.Cli.Commands;

/// <summary>
/// <c>weir schema NAME</c>: the columns of an asset's table now, and the schema changes its loads made or met (from the
/// metadata store), by version.
/// </summary>
internal static class SchemaCommand
{
    private static readonly string[] s_changeHeader = ["version", "changed_at", "run_id", "change", "column", "old_type", "new_type"];

    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The asset (a source, seed, or table/incremental model)." };
        var format = CliOptions.Format();
        var command = new Command("schema", "Show an asset's columns and the history of its schema changes (added, widened, missing, ignored, cast).");
        command.Arguments.Add(name);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, fmt, cancellationToken);
            var asset = parse.GetValue(name)!;
            var (log, _) = await LakeLocator.LocateAsync(workspace, asset, cancellationToken);
            var snapshot = await log.LoadSnapshotAsync(cancellationToken);
            var columns = TableSchema.Parse(snapshot.Metadata.SchemaString).Fields;
            var store = await workspace.OpenRunStoreAsync(cancellationToken);
            await using var storeScope = store;
            var changes = await store.GetSchemaChangesAsync(workspace.Graph[asset].Name, cancellationToken);
            switch (fmt)
            {
                case OutputFormat.Json:
                    JsonOutput.Write(console.Out, json =>
                    {
                        json.WriteStartObject();
                        json.WriteString("asset", workspace.Graph[asset].Name);
                        json.WriteNumber("version", snapshot.Version);
                        json.WriteStartArray("columns");
                        foreach (var column in columns)
                        {
                            JsonOutput.WriteObject(json, ["name", "type", "nullable"], [column.Name, column.Type, column.Nullable]);
                        }

                        json.WriteEndArray();
                        json.WriteStartArray("changes");
                        foreach (var change in changes)
                        {
                            JsonOutput.WriteObject(json, s_changeHeader, Row(change));
                        }

                        json.WriteEndArray();
                        json.WriteEndObject();
                    });
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(console.Out, s_changeHeader, changes.Select(Row));
                    break;
                default:
                    console.HumanOut.MarkupLine(string.Create(
                        CultureInfo.InvariantCulture, $"[bold]{Markup.Escape(workspace.Graph[asset].Name)}[/] at Delta version {snapshot.Version}"));
                    var table = new Table().Border(TableBorder.Simple);
                    foreach (var h in new[] { "column", "type", "nullable" })
                    {
                        table.AddColumn(h);
                    }

                    foreach (var column in columns)
                    {
                        table.AddRow(Markup.Escape(column.Name), Markup.Escape(column.Type), column.Nullable ? "yes" : "no");
                    }

                    console.HumanOut.Write(table);
                    if (changes.Count == 0)
                    {
                        console.HumanOut.MarkupLine("no schema changes recorded");
                        break;
                    }

                    var history = new Table().Border(TableBorder.Simple).Title("schema changes");
                    foreach (var h in new[] { "version", "time", "run", "change" })
                    {
                        history.AddColumn(h);
                    }

                    foreach (var change in changes)
                    {
                        history.AddRow(
                            change.Version.ToString(CultureInfo.InvariantCulture),
                            change.ChangedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                            Markup.Escape(change.RunId ?? ""),
                            Markup.Escape(change.ToString()));
                    }

                    console.HumanOut.Write(history);
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<object?> Row(SchemaChange change) =>
    [
        change.Version, change.ChangedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), change.RunId,
        change.Kind.ToString().ToLowerInvariant(), change.Column, change.OldType, change.NewType,
    ];
}
