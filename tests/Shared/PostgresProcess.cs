using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Weir.Testing;

/// <summary>
/// (Linked into the test and benchmark projects that need a real server.) A throwaway PostgreSQL server: initdb in a
/// temporary folder, started with pg_ctl on a free 127.0.0.1 port, stopped and deleted on dispose. As root, the server
/// runs as the <c>postgres</c> user (PostgreSQL refuses root). Missing binaries fail: <c>eng/services.sh</c> installs them.
/// </summary>
internal sealed class PostgresProcess : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _stopMode;
    private string _binaries = string.Empty;
    private bool _started;

    private PostgresProcess(string folder, string stopMode)
    {
        _folder = folder;
        _stopMode = stopMode;
    }

    /// <summary>The connection string of the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    private string DataFolder => Path.Combine(_folder, "data");

    private static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>
    /// Starts a server under <c>%TEMP%/&lt;area&gt;/</c> with the given <c>-c name=value</c> settings; stops it with
    /// <paramref name="stopMode"/> (<c>immediate</c> for tests, <c>fast</c> for benchmarks).
    /// </summary>
    public static async Task<PostgresProcess> StartAsync(string area, string settings, string stopMode)
    {
        var server = new PostgresProcess(Path.Combine(Path.GetTempPath(), area, "pg-" + Guid.NewGuid().ToString("N")), stopMode);
        try
        {
            await server.InitializeAsync(settings);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataFolder, "-m", _stopMode, "-w", "stop"], asPostgres: true);
            _started = false;
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task InitializeAsync(string settings)
    {
        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL's initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql/*/bin; " +
            "install them with eng/services.sh (apt package postgresql)");
        Directory.CreateDirectory(_folder);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _folder], asPostgres: false);
        }

        await RunAsync(Path.Combine(_binaries, "initdb"),
            ["-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres: true);
        var port = FreePort();
        var options = string.Create(CultureInfo.InvariantCulture, $"-p {port} -h 127.0.0.1 -k {_folder} -F {settings}");
        await RunAsync(Path.Combine(_binaries, "pg_ctl"),
            ["-D", DataFolder, "-o", options, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start"], asPostgres: true);
        _started = true;
        ConnectionString = string.Create(CultureInfo.InvariantCulture,
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=30");
    }

    private static string? FindBinaries()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var onPath = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }

        const string Packaged = "/usr/lib/postgresql";
        return Directory.Exists(Packaged)
            ? Directory.GetDirectories(Packaged)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres && IsRoot ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres && IsRoot)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
