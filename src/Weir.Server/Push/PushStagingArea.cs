namespace Weir.Server.Push;

/// <summary>
/// This server's own scratch folder under the project's push staging folder, held by an exclusive lock file while the
/// server lives. At start, the folders of servers that are gone (killed mid-batch: their lock is free) are deleted;
/// those of another live server on the same project are left alone.
/// </summary>
internal sealed class PushStagingArea : IDisposable
{
    private const string LockFileName = ".lock";

    private readonly FileStream _lock;

    private PushStagingArea(string folder, FileStream lockFile)
    {
        Folder = folder;
        _lock = lockFile;
    }

    public string Folder { get; }

    public static PushStagingArea Create(string root)
    {
        Directory.CreateDirectory(root);
        foreach (var stale in Directory.EnumerateDirectories(root))
        {
            TryDeleteAbandoned(stale);
        }

        var folder = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var lockFile = new FileStream(Path.Combine(folder, LockFileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        return new PushStagingArea(folder, lockFile);
    }

    public void Dispose()
    {
        _lock.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Removed by the next server to start.
        }
    }

    private static void TryDeleteAbandoned(string folder)
    {
        try
        {
            // FileShare.None takes an exclusive lock: it fails while the folder's server is alive.
            using (new FileStream(Path.Combine(folder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
            }

            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Held by a live server, or not ours to delete.
        }
    }
}
