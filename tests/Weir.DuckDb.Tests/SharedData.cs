namespace Weir.DuckDb.Tests;

/// <summary>
/// Finds <c>shared/data/delta-rs-tables</c> (Delta tables written by Spark, delta-rs and others): beside the repository
/// in CI, above the worktree here. Walks up from the test binaries; a missing folder fails the test loudly.
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
