using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Weir.Benchmarks;

/// <summary>
/// A throwaway PostgreSQL server for a benchmark: initdb in a temporary folder, started with pg_ctl on a free 127.0.0.1
/// port, stopped and deleted on dispose. As root, the server runs as the <c>postgres</c> user (PostgreSQL refuses root).
/// The same approach as the tests' <c>PostgresServer</c> (bench cannot reference test projects); the binaries come from
/// <c>eng/services.sh</c>.
/// </summary>
internal sealed class PostgresBenchServer : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "weir-bench", "pg-" + Guid.NewGuid().ToString("N")[..8]);
    private string _binaries = string.Empty;
    private bool _started;

    private PostgresBenchServer()
    {
    }

    /// <summary>The connection string of the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    private string DataFolder => Path.Combine(_folder, "data");

    private static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    public static async Task<PostgresBenchServer> StartAsync()
    {
        var server = new PostgresBenchServer();
        try
        {
            await server.InitializeAsync();
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
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataFolder, "-m", "fast", "-w", "stop"], asPostgres: true);
            _started = false;
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task InitializeAsync()
    {
        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL's initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql/*/bin; install them with eng/services.sh");
        Directory.CreateDirectory(_folder);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _folder], asPostgres: false);
        }

        await RunAsync(Path.Combine(_binaries, "initdb"),
            ["-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres: true);
        var port = FreePort();
        // A benchmark server: enough shared buffers to hold the table, no fsync, no autovacuum racing the timed runs.
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {port} -h 127.0.0.1 -k {_folder} -F -c max_connections=20 -c shared_buffers=512MB -c TimeZone=UTC -c autovacuum=off");
        await RunAsync(Path.Combine(_binaries, "pg_ctl"),
            ["-D", DataFolder, "-o", options, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start"], asPostgres: true);
        _started = true;
        ConnectionString = string.Create(CultureInfo.InvariantCulture,
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=0");
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
