namespace Weir.Testing;

/// <summary>
/// (Linked into every test project that reads the shared data.) Finds <c>shared/data</c>: beside the repository in CI (<c>../shared</c> from the clone), above the worktree here.
/// Walks up from the test binaries; a missing folder fails the test loudly rather than skipping it.
/// </summary>
internal static class SharedData
{
    private const string TablesFolder = "shared/data/delta-rs-tables";

    public static string DeltaRsTables { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, TablesFolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No folder '{TablesFolder}' above {AppContext.BaseDirectory}: the Delta conformance tables are required.");
    }
}
