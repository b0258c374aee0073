using System.CommandLine;
using Weir.Checks;
using Weir.Cli.Rendering;
using Weir.Orchestration;
using Weir.Project;
using Weir.Engine;

namespace Weir.Cli.Commands;

/// <summary><c>weir test</c>: run the checks only, over the tables as they are.</summary>
internal static class TestCommand
{
    public static Command Create(CliConsole console)
    {
        var select = CliOptions.Select();
        var threads = CliOptions.Threads();
        var format = CliOptions.Format();
        var command = new Command("test", "Run the checks over the built assets (nothing is rebuilt).");
        command.Options.Add(select);
        command.Options.Add(threads);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var request = new PipelineRequest
            {
                ProjectDirectory = parse.GetValue(CliOptions.Project)!,
                Selectors = parse.GetValue(select),
                Threads = parse.GetValue(threads),
                Format = fmt,
                Mode = ExecutionMode.CheckOnly,
            };
            var result = await Pipeline.RunAsync(console, request, cancellationToken);
            var checks = result.Checks;
            if (fmt == OutputFormat.Json)
            {
                WriteJson(console.Out, checks);
            }
            else if (fmt == OutputFormat.Csv)
            {
                CsvOutput.Write(
                    console.Out,
                    ["asset", "column", "check", "severity", "status", "failing_rows", "message"],
                    checks.Select(c => (IReadOnlyList<object?>)[c.Asset, c.Column, c.Check, Severity(c), Status(c), c.FailingRows, c.Message]));
            }

            return checks.Any(c => c.BlocksAsset) || result.Status != Runs.RunStatus.Succeeded ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    internal static string Severity(CheckResult check) => check.Severity == CheckSeverity.Warn ? "warn" : "error";

    /// <summary>"pass" or "fail"; a check that could not run counts as failed (its message says why).</summary>
    internal static string Status(CheckResult check) => check.Status == CheckStatus.Pass ? "pass" : "fail";

    internal static void WriteJson(TextWriter writer, IReadOnlyList<CheckResult> checks) => JsonOutput.Write(writer, json =>
    {
        json.WriteStartArray();
        foreach (var c in checks)
        {
            json.WriteStartObject();
            json.WriteString("asset", c.Asset);
            json.WritePropertyName("column");
            EngineValues.WriteJson(json, c.Column);
            json.WriteString("check", c.Check);
            json.WriteString("severity", Severity(c));
            json.WriteString("status", Status(c));
            json.WriteNumber("failing_rows", c.FailingRows);
            if (c.Message is not null && c.Status != CheckStatus.Pass)
            {
                json.WriteString("message", c.Message);
            }

            if (c.Sample is { } sample && c.Status != CheckStatus.Pass)
            {
                json.WriteStartArray("sample");
                foreach (var row in sample)
                {
                    json.WriteStartObject();
                    foreach (var (name, value) in row)
                    {
                        json.WritePropertyName(name);
                        EngineValues.WriteJson(json, value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    });
}
