using System.Diagnostics;

namespace Weir.Lake.Tests.TestSupport;

/// <summary>Runs tests/Weir.Lake.CrashWriter (built beside the tests) as a child process.</summary>
internal sealed class CrashWriterProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private CrashWriterProcess(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    public static CrashWriterProcess Start(string root, string table, string writer, int batches, params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Weir.Lake.CrashWriter.dll");
        File.Exists(dll).ShouldBeTrue($"the crash writer is built beside the tests: {dll}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { dll, root, table, writer, batches.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        return new CrashWriterProcess(Process.Start(start)!);
    }

    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) => _process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();

    /// <summary>SIGKILL on Unix: no finally blocks, no flushes, as a crash or a power cut.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Waits for a normal exit and fails with the child's stderr unless it exits with 0.</summary>
    public async Task WaitForSuccessAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        await _process.WaitForExitAsync(cts.Token);
        var stderr = await _stderr;
        _process.ExitCode.ShouldBe(0, stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
