using Weir.Cli;

return await CliApplication.RunAsync(args, CliConsole.System());
