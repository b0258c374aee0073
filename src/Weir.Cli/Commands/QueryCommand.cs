using System.CommandLine;
using Spectre.Console;
using Weir.Cli.Rendering;
using Weir.DuckDb.Lake;
using Weir.Engine;

namespace Weir.Cli.Commands;

/// <summary><c>weir query "SQL"</c>: a read-only query over the built assets.</summary>
internal static class QueryCommand
{
    public const int DefaultTableRows = 100;

    public static Command Create(CliConsole console)
    {
        var sql = new Argument<string>("sql") { Description = "The SQL to run (read-only)." };
        var format = CliOptions.Format();
        var limit = new Option<int?>("--limit", "-n")
        {
            Description = $"Rows to print (default: {DefaultTableRows} for tables, all for json and csv).",
            HelpName = "N",
        };
        var command = new Command(
            "query",
            "Run a read-only SQL query over the project's assets; `FROM t AT (VERSION => 3)` or `AT (TIMESTAMP => '…')` reads a table as it was.");
        command.Arguments.Add(sql);
        command.Options.Add(format);
        command.Options.Add(limit);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, fmt, cancellationToken);
            await using var engine = await workspace.OpenWarehouseAsync(readOnly: true, cancellationToken);
            await using var session = await engine.OpenSessionAsync(cancellationToken);
            var max = parse.GetValue(limit) ?? (fmt == OutputFormat.Table ? DefaultTableRows : null);
            QueryResult result;
            try
            {
                var text = await TimeTravel.RewriteAsync(
                    session, parse.GetValue(sql)!, (name, ct) => LakeLocator.LocateAsync(workspace, name, ct), cancellationToken);
                result = await session.QueryAsync(text, max, cancellationToken);
            }
            catch (TimeTravelException ex)
            {
                throw new CliException(ex.Message, hint: "list a table's versions with `weir history NAME`");
            }
            catch (DuckDB.NET.Data.DuckDBException ex)
            {
                var hint = ex.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase)
                    ? "weir query only reads; build tables with models and `weir run`"
                    : null;
                throw new CliException(ex.Message, hint: hint);
            }

            Write(console, fmt, result);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static void Write(CliConsole console, OutputFormat format, QueryResult result)
    {
        var header = result.Columns.Select(c => c.Name).ToArray();
        switch (format)
        {
            case OutputFormat.Csv:
                CsvOutput.Write(console.Out, header, result.Rows);
                break;
            case OutputFormat.Json:
                JsonOutput.WriteRows(console.Out, header, result.Rows);
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var column in result.Columns)
                {
                    table.AddColumn(new TableColumn(Markup.Escape(column.Name)));
                }

                foreach (var row in result.Rows)
                {
                    table.AddRow(row.Select(v => v is null ? "[dim]NULL[/]" : Markup.Escape(EngineValues.Format(v))).ToArray());
                }

                console.HumanOut.Write(table);
                var more = result.Truncated ? " (more rows exist; raise --limit)" : string.Empty;
                console.HumanOut.MarkupLine($"[dim]{result.Rows.Count} rows{Markup.Escape(more)}[/]");
                break;
        }
    }
}
