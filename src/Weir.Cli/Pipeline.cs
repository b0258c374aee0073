using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Weir.Checks;
using Weir.Cli.Rendering;
using Weir.DuckDb;
using Weir.DuckDb.Lake;
using Weir.Graph;
using Weir.Orchestration;
using Weir.Planning;
using Weir.Quality;
using Weir.Quality.Profiling;
using Weir.Runs;
using Weir.Engine;

namespace Weir.Cli;

/// <summary>
/// load → compile → select → plan → execute → record, for <c>weir run</c> and <c>weir test</c>: the same path every
/// long-lived host will drive. Prints progress and a summary for people; data formats go to the data stream.
/// </summary>
internal static class Pipeline
{
    public static async Task<RunResult> RunAsync(CliConsole console, PipelineRequest request, CancellationToken cancellationToken)
    {
        var human = console.HumanFor(request.Format);
        var workspace = await Workspace.OpenAsync(request.ProjectDirectory, console, request.Format, cancellationToken);
        var store = await workspace.OpenRunStoreAsync(cancellationToken);
        await using var storeScope = store;

        Plan plan;
        string? selector = request.Selectors is { Length: > 0 } s ? string.Join(' ', s) : null;
        if (request.ResumeRunId is { } resumeId)
        {
            var previous = await store.GetRunAsync(resumeId, cancellationToken)
                ?? throw new CliException($"no run '{resumeId}' to resume", hint: "list runs with `weir runs`");
            plan = Planner.Resume(workspace.Graph, previous);
            if (plan.Steps.Count == 0)
            {
                human.MarkupLine($"run {Markup.Escape(resumeId)} left nothing to rebuild");
            }
        }
        else
        {
            var graph = Selection.Apply(workspace.Graph, request.Selectors, console);
            plan = Planner.Create(workspace.Graph, selector is null ? null : graph.Nodes.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
        }

        await using var engine = await workspace.OpenWarehouseAsync(readOnly: false, cancellationToken);
        var builder = new DuckDbAssetBuilder(engine, workspace.Project.RootDirectory, new LakeTables(workspace.Project.Lake));
        // Profiles are saved after an asset's checks, so anomaly and drift checks see only earlier runs' profiles.
        var checks = new CheckRunner(engine, options: new CheckRunnerOptions { Runs = store, Profiles = store });
        var observer = new ConsoleRunObserver(human, plan.Subgraph.Count, plan.Subgraph.Nodes.Keys.DefaultIfEmpty(string.Empty).Max(n => n.Length));
        var defaults = workspace.Project.RunDefaults;
        var options = new ExecutorOptions
        {
            Threads = request.Threads ?? defaults.Threads,
            Defaults = defaults,
            Mode = request.Mode,
            Observer = observer,
            Profiler = new AssetProfiler(new ProfileRunner(engine), store),
        };
        var verb = request.Mode == ExecutionMode.CheckOnly ? "test" : "run";
        human.MarkupLine(
            $"[bold]{verb}[/] {Markup.Escape(workspace.Project.Name)}: {plan.Subgraph.Count} assets, {options.Threads} threads" +
            (request.ResumeRunId is { } r ? $", resuming {Markup.Escape(r)}" : string.Empty));
        var clock = Stopwatch.StartNew();
        var executor = new Executor(builder, checks, store, options);
        var result = await executor.RunAsync(
            plan.Subgraph,
            new RunRequest { Command = verb, Selector = selector, ResumedFrom = request.ResumeRunId },
            cancellationToken);
        PrintSummary(human, result, clock.Elapsed, request.Mode);
        if (request.Mode == ExecutionMode.BuildAndCheck && request.Format == OutputFormat.Json)
        {
            WriteJson(console.Out, result);
        }

        return result;
    }

    private static void PrintSummary(IAnsiConsole console, RunResult result, TimeSpan elapsed, ExecutionMode mode)
    {
        var ok = result.Assets.Count(a => a.Status == AssetStatus.Succeeded);
        var failed = result.Assets.Count(a => a.Status == AssetStatus.Failed);
        var skipped = result.Assets.Count(a => a.Status == AssetStatus.Skipped);
        var checks = result.Checks;
        var passed = checks.Count(c => c.Status == CheckStatus.Pass);
        var warned = checks.Where(c => c.Status != CheckStatus.Pass && c.Severity == Project.CheckSeverity.Warn).ToList();
        var errors = checks.Where(c => c.BlocksAsset).ToList();

        if (mode == ExecutionMode.CheckOnly && checks.Count > 0)
        {
            console.Write(CheckTable(checks));
        }
        else if (warned.Count + errors.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title("checks that did not pass");
            table.AddColumn("severity");
            table.AddColumn("asset");
            table.AddColumn("check");
            table.AddColumn(new TableColumn("failing rows").RightAligned());
            table.AddColumn("message");
            foreach (var c in errors.Concat(warned))
            {
                table.AddRow(
                    c.BlocksAsset ? "[red]error[/]" : "[yellow]warn[/]",
                    Markup.Escape(c.Asset),
                    Markup.Escape(c.Column is null ? c.Check : $"{c.Check}({c.Column})"),
                    c.FailingRows.ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Escape(c.Message ?? string.Empty));
            }

            console.Write(table);
        }

        var what = mode == ExecutionMode.CheckOnly ? "test" : "run";
        console.MarkupLine(
            $"{what} [bold]{Markup.Escape(result.RunId)}[/] {Format.Status(result.Status)} in {Format.Duration(elapsed)}: " +
            $"{ok} succeeded, {failed} failed, {skipped} skipped; checks {passed} passed, {warned.Count} warned, {errors.Count} failed");
        if (result.Status is RunStatus.Failed or RunStatus.Cancelled && mode == ExecutionMode.BuildAndCheck)
        {
            console.MarkupLine($"[dim]fix and rebuild what did not succeed: weir run --resume {Markup.Escape(result.RunId)}[/]");
        }
    }

    /// <summary>Every check of a <c>weir test</c>: asset, check, status, failing rows and message; failures first.</summary>
    private static Table CheckTable(IReadOnlyList<CheckResult> checks)
    {
        var table = new Table().Border(TableBorder.Simple).Title("checks");
        table.AddColumn("asset");
        table.AddColumn("check");
        table.AddColumn("status");
        table.AddColumn(new TableColumn("failing rows").RightAligned());
        table.AddColumn("message");
        static int Rank(CheckResult c) => c.BlocksAsset ? 0 : c.Status != CheckStatus.Pass ? 1 : 2;
        foreach (var c in checks.OrderBy(Rank))
        {
            var status = c.Status == CheckStatus.Pass ? "[green]pass[/]"
                : c.BlocksAsset ? (c.Status == CheckStatus.Error ? "[red]error[/]" : "[red]fail[/]")
                : "[yellow]warn[/]";
            table.AddRow(
                Markup.Escape(c.Asset),
                Markup.Escape(c.Column is null ? c.Check : $"{c.Check}({c.Column})"),
                status,
                c.FailingRows.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(c.Message ?? string.Empty));
        }

        return table;
    }

    private static void WriteJson(TextWriter writer, RunResult result) => JsonOutput.Write(writer, json =>
    {
        json.WriteStartObject();
        json.WriteString("run_id", result.RunId);
        json.WriteString("status", result.Status.ToString().ToLowerInvariant());
        json.WriteStartArray("assets");
        foreach (var a in result.Assets)
        {
            json.WriteStartObject();
            json.WriteString("asset", a.Asset);
            json.WriteString("status", a.Status.ToString().ToLowerInvariant());
            json.WriteNumber("attempts", a.Attempts);
            json.WritePropertyName("rows");
            EngineValues.WriteJson(json, a.Rows);
            json.WritePropertyName("duration_s");
            EngineValues.WriteJson(json, a.StartedAt is { } st && a.EndedAt is { } en ? Math.Round((en - st).TotalSeconds, 3) : null);
            json.WritePropertyName("detail");
            EngineValues.WriteJson(json, a.Detail);
            json.WritePropertyName("error");
            EngineValues.WriteJson(json, a.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });
}
