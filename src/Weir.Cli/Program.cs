using System.Runtime.InteropServices;
using Weir.Cli;

// Ctrl-C or SIGTERM cancels the command: a run stops starting assets, records itself as cancelled and exits 130;
// `serve` stops taking requests and lets those in flight finish. A second signal ends the process at once.
using var interrupt = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (!interrupt.IsCancellationRequested)
    {
        context.Cancel = true;
        interrupt.Cancel();
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return await CliApplication.RunAsync(args, CliConsole.System(), interrupt.Token);
