using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Weir.Checks;
using Weir.Cli.Rendering;
using Weir.Diagnostics;
using Weir.Quality.Profiling;
using Weir.Engine;

namespace Weir.Cli.Commands;

/// <summary>
/// <c>weir profile NAME</c>: profiles an asset's table now, prints it and stores it; <c>--history N</c> lists the row
/// count and NULL share of the stored profiles instead.
/// </summary>
internal static class ProfileCommand
{
    private const int ShownTopValues = 3;

    private static readonly string[] s_csvHeader =
        ["column", "type", "nulls", "null_ratio", "approx_distinct", "min", "max", "mean", "stddev", "top_values"];

    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The asset (a source, seed or model) whose table to profile." };
        var history = new Option<int?>("--history")
        {
            Description = "List the row count and NULL share per column of the newest N stored profiles instead of profiling.",
            HelpName = "N",
        };
        var format = CliOptions.Format();
        var command = new Command(
            "profile",
            "Profile an asset's table: per column NULLs, distinct values, min, max, mean, standard deviation, top values, histogram.");
        command.Arguments.Add(name);
        command.Options.Add(history);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, fmt, cancellationToken);
            var asset = parse.GetValue(name)!;
            if (!workspace.Graph.Contains(asset))
            {
                var hint = NameSuggestions.DidYouMean(asset, workspace.Graph.Nodes.Keys) ?? "list assets with `weir graph`";
                throw new CliException($"no asset '{asset}' in the project", hint: hint);
            }

            asset = workspace.Graph[asset].Name;
            await using var store = await workspace.OpenRunStoreAsync(cancellationToken);
            if (parse.GetValue(history) is { } count)
            {
                if (count < 1)
                {
                    throw new CliException("--history takes a number of profiles, 1 or more", exitCode: ExitCodes.Usage);
                }

                var profiles = await store.GetProfilesAsync(asset, count, cancellationToken);
                if (profiles.Count == 0 && fmt == OutputFormat.Table)
                {
                    throw new CliException($"'{asset}' has no stored profiles yet",
                        hint: $"profile it with `weir profile {asset}`; runs profile sources and assets with anomaly or drift checks");
                }

                WriteHistory(console, fmt, profiles);
                return ExitCodes.Success;
            }

            TableProfile profile;
            await using (var engine = await workspace.OpenWarehouseAsync(readOnly: true, cancellationToken))
            {
                try
                {
                    profile = await new ProfileRunner(engine).ProfileAsync(asset, runId: null, cancellationToken);
                }
                catch (DuckDB.NET.Data.DuckDBException ex) when (ex.ErrorType == DuckDB.NET.Native.DuckDBErrorType.Catalog)
                {
                    throw new CliException($"'{asset}' has not been built yet", hint: $"run `weir run --select {asset}`");
                }
            }

            await store.SaveProfileAsync(profile, cancellationToken);
            WriteProfile(console, fmt, profile);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteProfile(CliConsole console, OutputFormat format, TableProfile profile)
    {
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(console.Out, json => WriteJson(json, profile));
                break;
            case OutputFormat.Csv:
                CsvOutput.Write(console.Out, s_csvHeader, profile.Columns.Select(c => (IReadOnlyList<object?>)
                [
                    c.Name, c.Type, c.Nulls, Ratio(c.Nulls, profile.RowCount), c.ApproxDistinct, c.Min, c.Max, c.Mean, c.StdDev,
                    string.Join("; ", c.TopValues.Select(v => $"{v.Value ?? "NULL"} ({v.Count})")),
                ]));
                break;
            default:
                console.HumanOut.MarkupLine(
                    $"[bold]{Markup.Escape(profile.Asset)}[/]: {Format.Rows(profile.RowCount)} rows, {profile.Columns.Count} columns");
                var table = new Table().Border(TableBorder.Simple);
                table.AddColumn("column");
                table.AddColumn("type");
                table.AddColumn(new TableColumn("nulls").RightAligned());
                table.AddColumn(new TableColumn("distinct").RightAligned());
                table.AddColumn("min");
                table.AddColumn("max");
                table.AddColumn(new TableColumn("mean").RightAligned());
                table.AddColumn(new TableColumn("stddev").RightAligned());
                table.AddColumn("top values");
                foreach (var c in profile.Columns)
                {
                    table.AddRow(
                        Markup.Escape(c.Name),
                        Markup.Escape(c.Type),
                        Percent(c.Nulls, profile.RowCount),
                        c.ApproxDistinct.ToString("N0", CultureInfo.InvariantCulture),
                        Markup.Escape(Shorten(c.Min)),
                        Markup.Escape(Shorten(c.Max)),
                        Number(c.Mean),
                        Number(c.StdDev),
                        Markup.Escape(TopValues(c.TopValues)));
                }

                console.HumanOut.Write(table);
                break;
        }
    }

    private static void WriteHistory(CliConsole console, OutputFormat format, IReadOnlyList<TableProfile> profiles)
    {
        // The columns of the newest profile; a column an older profile lacks shows empty.
        var columns = profiles.Count == 0 ? [] : profiles[0].Columns.Select(c => c.Name).ToList();
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(console.Out, json =>
                {
                    json.WriteStartArray();
                    foreach (var p in profiles)
                    {
                        json.WriteStartObject();
                        json.WriteString("profiled_at", Time(p.ProfiledAt));
                        json.WritePropertyName("run_id");
                        EngineValues.WriteJson(json, p.RunId);
                        json.WriteNumber("row_count", p.RowCount);
                        json.WriteStartObject("null_ratio");
                        foreach (var c in p.Columns)
                        {
                            json.WriteNumber(c.Name, Ratio(c.Nulls, p.RowCount));
                        }

                        json.WriteEndObject();
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                });
                break;
            case OutputFormat.Csv:
                CsvOutput.Write(
                    console.Out,
                    ["profiled_at", "run_id", "row_count", .. columns.Select(c => "null_ratio:" + c)],
                    profiles.Select(p => (IReadOnlyList<object?>)
                        [Time(p.ProfiledAt), p.RunId, p.RowCount, .. columns.Select(c => NullRatio(p, c))]));
                break;
            default:
                var table = new Table().Border(TableBorder.Simple);
                table.AddColumn("profiled at (UTC)");
                table.AddColumn("run");
                table.AddColumn(new TableColumn("rows").RightAligned());
                foreach (var c in columns)
                {
                    table.AddColumn(new TableColumn(Markup.Escape("nulls " + c)).RightAligned());
                }

                foreach (var p in profiles)
                {
                    table.AddRow(
                    [
                        p.ProfiledAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                        Markup.Escape(p.RunId ?? "(weir profile)"),
                        Format.Rows(p.RowCount),
                        .. columns.Select(c => NullRatio(p, c) is { } ratio ? Percent(ratio) : string.Empty),
                    ]);
                }

                console.HumanOut.Write(table);
                break;
        }
    }

    private static void WriteJson(Utf8JsonWriter json, TableProfile profile)
    {
        json.WriteStartObject();
        json.WriteString("asset", profile.Asset);
        json.WritePropertyName("run_id");
        EngineValues.WriteJson(json, profile.RunId);
        json.WriteString("profiled_at", Time(profile.ProfiledAt));
        json.WriteNumber("row_count", profile.RowCount);
        json.WriteStartArray("columns");
        foreach (var c in profile.Columns)
        {
            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteString("type", c.Type);
            json.WriteNumber("nulls", c.Nulls);
            json.WriteNumber("null_ratio", Ratio(c.Nulls, profile.RowCount));
            json.WriteNumber("approx_distinct", c.ApproxDistinct);
            json.WritePropertyName("min");
            EngineValues.WriteJson(json, c.Min);
            json.WritePropertyName("max");
            EngineValues.WriteJson(json, c.Max);
            json.WritePropertyName("mean");
            WriteNumber(json, c.Mean);
            json.WritePropertyName("stddev");
            WriteNumber(json, c.StdDev);
            json.WriteStartArray("top_values");
            foreach (var v in c.TopValues)
            {
                json.WriteStartObject();
                json.WritePropertyName("value");
                EngineValues.WriteJson(json, v.Value);
                json.WriteNumber("count", v.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("histogram");
            foreach (var b in c.Histogram)
            {
                json.WriteStartObject();
                json.WriteNumber("lower", b.Lower);
                json.WriteNumber("upper", b.Upper);
                json.WriteNumber("count", b.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>JSON has no NaN or infinity: those are written as null.</summary>
    private static void WriteNumber(Utf8JsonWriter json, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            json.WriteNumberValue(number);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 6);

    private static double? NullRatio(TableProfile profile, string column) =>
        profile.Columns.FirstOrDefault(c => c.Name == column) is { } c ? Ratio(c.Nulls, profile.RowCount) : null;

    private static string Percent(long part, long whole) => Percent(Ratio(part, whole));

    private static string Percent(double ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Number(double? value) => value switch
    {
        null => string.Empty,
        { } v when Math.Abs(v) >= 1e15 || (v != 0 && Math.Abs(v) < 1e-4) => v.ToString("0.###e+0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.####", CultureInfo.InvariantCulture),
    };

    private static string TopValues(IReadOnlyList<ValueCount> values)
    {
        var shown = values.Take(ShownTopValues)
            .Select(v => $"{Shorten(v.Value ?? "NULL", 20)} ({v.Count.ToString("N0", CultureInfo.InvariantCulture)})");
        return string.Join(", ", shown) + (values.Count > ShownTopValues ? ", …" : string.Empty);
    }

    private static string Shorten(string? text, int max = 30) =>
        text is null ? string.Empty : text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
