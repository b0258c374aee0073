using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Weir.Cli.Rendering;
using Weir.Execution;
using Weir.Runs;
using Weir.Engine;

namespace Weir.Cli.Commands;

/// <summary><c>weir runs [RUN_ID]</c>: run history, or one run's assets.</summary>
internal static class RunsCommand
{
    public static Command Create(CliConsole console)
    {
        var runId = new Argument<string?>("run-id") { Description = "Show this run's assets.", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit", "-n") { Description = "How many runs to list.", DefaultValueFactory = _ => 20 };
        var format = CliOptions.Format();
        var command = new Command("runs", "Show run history; `weir run --resume RUN_ID` rebuilds what failed.");
        command.Arguments.Add(runId);
        command.Options.Add(limit);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, fmt, cancellationToken);
            var store = await workspace.OpenRunStoreAsync(cancellationToken);
            await using var storeScope = store;
            if (parse.GetValue(runId) is { } id)
            {
                var run = await store.GetRunAsync(id, cancellationToken) ?? throw new CliException($"no run '{id}'", hint: "list runs with `weir runs`");
                WriteRun(console, fmt, run);
            }
            else
            {
                var runs = await store.ListRunsAsync(parse.GetValue(limit), cancellationToken);
                var detailed = new List<RunRecord>(runs.Count);
                foreach (var run in runs)
                {
                    detailed.Add(await store.GetRunAsync(run.RunId, cancellationToken) ?? run);
                }

                WriteRuns(console, fmt, detailed);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset? value) =>
        value?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    private static string Duration(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } s && end is { } e ? Format.Duration(e - s) : "";

    private static void WriteRuns(CliConsole console, OutputFormat format, IReadOnlyList<RunRecord> runs)
    {
        string[] header = ["run_id", "command", "status", "started_at", "duration_s", "succeeded", "failed", "skipped", "selector", "resumed_from"];
        IReadOnlyList<object?> Row(RunRecord r) =>
        [
            r.RunId, r.Command, Lower(r.Status), r.StartedAt.ToString("o", CultureInfo.InvariantCulture),
            r.EndedAt is { } e ? Math.Round((e - r.StartedAt).TotalSeconds, 3) : null,
            r.Assets.Count(a => a.Status == AssetStatus.Succeeded), r.Assets.Count(a => a.Status == AssetStatus.Failed),
            r.Assets.Count(a => a.Status == AssetStatus.Skipped), r.Selector, r.ResumedFrom,
        ];
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.WriteRows(console.Out, header, runs.Select(Row));
                break;
            case OutputFormat.Csv:
                CsvOutput.Write(console.Out, header, runs.Select(Row));
                break;
            default:
                if (runs.Count == 0)
                {
                    console.HumanOut.MarkupLine("no runs yet — start one with [bold]weir run[/]");
                    return;
                }

                var table = new Table().Border(TableBorder.Simple);
                foreach (var h in new[] { "run", "command", "status", "started", "took", "ok", "failed", "skipped", "selection" })
                {
                    table.AddColumn(h);
                }

                foreach (var r in runs)
                {
                    table.AddRow(
                        Markup.Escape(r.RunId), r.Command, Format.Status(r.Status), Time(r.StartedAt), Duration(r.StartedAt, r.EndedAt),
                        r.Assets.Count(a => a.Status == AssetStatus.Succeeded).ToString(CultureInfo.InvariantCulture),
                        r.Assets.Count(a => a.Status == AssetStatus.Failed).ToString(CultureInfo.InvariantCulture),
                        r.Assets.Count(a => a.Status == AssetStatus.Skipped).ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(r.Selector ?? (r.ResumedFrom is { } from ? $"resume {from}" : "all")));
                }

                console.HumanOut.Write(table);
                break;
        }
    }

    private static readonly string[] s_loadHeader =
        ["rows_read", "rows_loaded", "rows_quarantined", "bytes_read", "files", "watermark_before", "watermark_after", "delta_version"];

    private static IReadOnlyList<object?> LoadRow(LoadMetrics? load) => load is null
        ? new object?[s_loadHeader.Length]
        :
        [
            load.RowsRead, load.RowsLoaded, load.RowsQuarantined, load.BytesRead, load.Files, load.WatermarkBefore, load.WatermarkAfter,
            load.DeltaVersion,
        ];

    private static string Watermarks(LoadMetrics load) => (load.WatermarkBefore, load.WatermarkAfter) switch
    {
        (null, null) => "",
        var (before, after) when before == after => $"{before} (unchanged)",
        var (before, after) => $"{before ?? "none"} → {after ?? "none"}",
    };

    private static void WriteRun(CliConsole console, OutputFormat format, RunRecord run)
    {
        string[] header = ["asset", "status", "attempts", "started_at", "ended_at", "duration_s", "rows", "detail", "error"];
        IReadOnlyList<object?> Row(AssetRunRecord a) =>
        [
            a.Asset, Lower(a.Status), a.Attempts, a.StartedAt?.ToString("o", CultureInfo.InvariantCulture),
            a.EndedAt?.ToString("o", CultureInfo.InvariantCulture),
            a.StartedAt is { } s && a.EndedAt is { } e ? Math.Round((e - s).TotalSeconds, 3) : null, a.Rows, a.Detail, a.Error,
        ];
        var loads = run.Assets.Any(a => a.Load is not null);
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(console.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("run_id", run.RunId);
                    json.WriteString("command", run.Command);
                    json.WriteString("status", Lower(run.Status));
                    json.WriteString("started_at", run.StartedAt.ToString("o", CultureInfo.InvariantCulture));
                    json.WritePropertyName("ended_at");
                    EngineValues.WriteJson(json, run.EndedAt?.ToString("o", CultureInfo.InvariantCulture));
                    json.WriteStartArray("assets");
                    foreach (var asset in run.Assets)
                    {
                        json.WriteStartObject();
                        var row = Row(asset);
                        for (var i = 0; i < header.Length; i++)
                        {
                            json.WritePropertyName(header[i]);
                            EngineValues.WriteJson(json, row[i]);
                        }

                        // What a source's load moved; null for models, seeds and assets that did not run.
                        json.WritePropertyName("load");
                        if (asset.Load is null)
                        {
                            json.WriteNullValue();
                        }
                        else
                        {
                            JsonOutput.WriteObject(json, s_loadHeader, LoadRow(asset.Load));
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
                CsvOutput.Write(
                    console.Out, [.. header, .. s_loadHeader], run.Assets.Select(a => (IReadOnlyList<object?>)[.. Row(a), .. LoadRow(a.Load)]));
                break;
            default:
                console.HumanOut.MarkupLine(
                    $"run [bold]{Markup.Escape(run.RunId)}[/] ({run.Command}) {Format.Status(run.Status)} — started {Time(run.StartedAt)}, took {Duration(run.StartedAt, run.EndedAt)}");
                var table = new Table().Border(TableBorder.Simple);
                string[] columns = loads
                    ?
                    [
                        "asset", "status", "attempts", "took", "rows", "read", "loaded", "quarantined", "bytes", "files", "watermark",
                        "what it did / error",
                    ]
                    : ["asset", "status", "attempts", "took", "rows", "what it did / error"];
                foreach (var h in columns)
                {
                    table.AddColumn(h);
                }

                foreach (var a in run.Assets)
                {
                    var cells = new List<string>
                    {
                        Markup.Escape(a.Asset), Format.Status(a.Status), a.Attempts.ToString(CultureInfo.InvariantCulture),
                        Duration(a.StartedAt, a.EndedAt), Format.Rows(a.Rows),
                    };
                    if (loads)
                    {
                        var load = a.Load;
                        cells.AddRange(load is null
                            ? ["", "", "", "", "", ""]
                            :
                            [
                                Format.Rows(load.RowsRead), Format.Rows(load.RowsLoaded), Format.Rows(load.RowsQuarantined),
                                Format.Bytes(load.BytesRead), load.Files?.ToString(CultureInfo.InvariantCulture) ?? "",
                                Markup.Escape(Watermarks(load)),
                            ]);
                    }

                    cells.Add(Markup.Escape(a.Error ?? a.Detail ?? ""));
                    table.AddRow([.. cells]);
                }

                console.HumanOut.Write(table);
                if (run.Status is RunStatus.Failed or RunStatus.Cancelled)
                {
                    console.HumanOut.MarkupLine($"[dim]rebuild what did not succeed: weir run --resume {Markup.Escape(run.RunId)}[/]");
                }

                break;
        }
    }
}
