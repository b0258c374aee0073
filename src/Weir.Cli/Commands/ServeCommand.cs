using System.CommandLine;
using Spectre.Console;
using Weir.Project;
using Weir.Server;

namespace Weir.Cli.Commands;

/// <summary><c>weir serve</c>: the project's HTTP server (health, push ingestion) until Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = "Where to listen, several separated by spaces or ';' (default: http://127.0.0.1:8080; port 0 picks a free one).",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "URL",
        };
        var maxBody = new Option<int>("--max-body-mb")
        {
            Description = "The largest request body in MiB; larger batches are refused with 413.",
            DefaultValueFactory = _ => (int)(WeirServerOptions.DefaultMaxRequestBodySize / (1024 * 1024)),
            HelpName = "N",
        };
        var command = new Command("serve", "Serve the project over HTTP: health and push ingestion (POST /api/ingest/SOURCE).");
        command.Options.Add(urls);
        command.Options.Add(maxBody);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var human = console.HumanOut;
            var workspace = await Workspace.OpenAsync(parse.GetValue(CliOptions.Project)!, console, OutputFormat.Table, cancellationToken);
            if (parse.GetValue(maxBody) is var mb && mb < 1)
            {
                throw new CliException("--max-body-mb must be at least 1", ExitCodes.Usage);
            }

            var options = new WeirServerOptions { MaxRequestBodySize = parse.GetValue(maxBody) * 1024L * 1024L };
            foreach (var url in (parse.GetValue(urls) ?? []).SelectMany(u => u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                options.Urls.Add(url);
            }

            WeirServer server;
            try
            {
                server = await WeirServer.StartAsync(workspace.Project, options, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new CliException($"cannot listen: {ex.Message}", hint: "choose another address with --urls, e.g. --urls http://127.0.0.1:8181");
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException && parse.GetValue(urls) is { Length: > 0 })
            {
                throw new CliException($"cannot listen on the given --urls: {ex.Message}", ExitCodes.Usage, hint: "write e.g. --urls http://127.0.0.1:8080");
            }

            await using (server)
            {
                foreach (var address in server.Addresses)
                {
                    human.MarkupLine($"listening on {Markup.Escape(address.ToString().TrimEnd('/'))}");
                }

                var push = workspace.Project.Sources.Where(s => s.Format == SourceFormat.Push).Select(s => s.Name).ToList();
                foreach (var name in push)
                {
                    human.MarkupLine($"  push: POST /api/ingest/{Markup.Escape(name)}");
                }

                human.MarkupLine($"serving [bold]{Markup.Escape(workspace.Project.Name)}[/]; press Ctrl-C to stop");
                // Ctrl-C (SIGINT) or SIGTERM is the normal way to stop a server: Program turns either into this token.
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Requests in flight get a few seconds to finish.
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await server.StopAsync(grace.Token);
                human.MarkupLine("stopped");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
