using System.Diagnostics;
using System.Text;

namespace Weir.Server.Tests.TestSupport;

/// <summary>The real <c>weir</c> command (weir.dll, built beside the tests) as a child process.</summary>
internal sealed class WeirProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();

    private WeirProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_error)
                {
                    _error.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static WeirProcess Start(PushProject project, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "weir.dll");
        File.Exists(dll).ShouldBeTrue($"weir is built beside the tests: {dll}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = project.Root,
        };
        start.Environment[PushProject.TokenVariable] = project.Token;
        start.ArgumentList.Add(dll);
        foreach (var argument in args.Concat(["--project", project.Root]))
        {
            start.ArgumentList.Add(argument);
        }

        return new WeirProcess(Process.Start(start)!);
    }

    /// <summary>Runs a command to its end; returns its exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(PushProject project, CancellationToken cancellationToken, params string[] args)
    {
        using var process = Start(project, args);
        var output = await process._process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process._process.WaitForExitAsync(cancellationToken);
        return (process._process.ExitCode, output, process.Error);
    }

    /// <summary>Starts <c>weir serve</c> on a port the system picks and returns it with its address, once it listens.</summary>
    public static async Task<(WeirProcess Process, Uri Address)> ServeAsync(PushProject project, CancellationToken cancellationToken)
    {
        var process = Start(project, "serve", "--urls", "http://127.0.0.1:0");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            while (await process._process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                const string prefix = "listening on ";
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    // Keep reading its output, so a full pipe never blocks the server.
                    _ = process._process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    return (process, new Uri(line[prefix.Length..].Trim()));
                }
            }
        }
        catch
        {
            process.Dispose();
            throw;
        }

        var error = process.Error;
        process.Dispose();
        throw new InvalidOperationException("weir serve exited before listening:\n" + error);
    }

    /// <summary>Reads standard output until a line matches (then keeps draining it); false when the process ended first.</summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (match(line))
            {
                _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return true;
            }
        }

        return false;
    }

    /// <summary>SIGKILL on Unix, the whole tree: no finally blocks, no flushes, as a crash or a power cut.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Sends SIGINT (Ctrl-C) and waits for the exit code.</summary>
    public async Task<int> InterruptAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(30));
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        _process.Dispose();
    }
}
