namespace Weir.Cli.Tests;

/// <summary>
/// Approved-file snapshots (the Verify packages are not available): compares text with
/// <c>Snapshots/NAME.approved.txt</c> beside this file. A mismatch writes <c>NAME.received.txt</c> to inspect and
/// approve by renaming; set WEIR_APPROVE=1 to overwrite the approved files.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var folder = Path.Combine(ProjectFolder(), "Snapshots");
        var approved = Path.Combine(folder, name + ".approved.txt");
        var received = Path.Combine(folder, name + ".received.txt");
        var normalized = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("WEIR_APPROVE") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(approved, normalized);
            return;
        }

        var expected = File.Exists(approved) ? File.ReadAllText(approved).ReplaceLineEndings("\n") : null;
        if (expected != normalized)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(received, normalized);
        }
        else if (File.Exists(received))
        {
            File.Delete(received);
        }

        normalized.ShouldBe(expected, $"snapshot {name} differs; see {received}");
    }

    // The test project's folder, found from the test binaries upwards. Not [CallerFilePath]: deterministic CI builds
    // map source paths to /_/, which exists nowhere.
    private static string ProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Weir.Cli.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Weir.Cli.Tests.csproj not found above " + AppContext.BaseDirectory);
    }
}
