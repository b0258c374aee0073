using System.Runtime.CompilerServices;
using Weir.Storage;

namespace Weir.Lake.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> over a folder on the local disk. Keys are paths relative to the folder with forward
/// slashes. Every write goes to a hidden temporary file in the target's folder first and is then published atomically,
/// so a reader (in this process or another) sees a whole object or none of it.
/// </summary>
/// <remarks>
/// <see cref="PutIfAbsentAsync"/> publishes with <c>link(2)</c> on Unix (fails with <c>EEXIST</c> when the name exists,
/// atomically, also between processes) and with <c>MoveFileEx</c> without replace on Windows. See
/// <see cref="PutIfAbsentAsync"/> for why <see cref="File.Move(string, string, bool)"/> is not used on Unix.
/// </remarks>
public sealed class LocalObjectStore : IObjectStore
{
    /// <summary>The suffix of in-flight temporary files; they are never listed as objects.</summary>
    internal const string TempSuffix = ".weir-tmp";

    private readonly string _root;

    /// <summary>Creates a store over <paramref name="rootPath"/>, creating the folder if it does not exist.</summary>
    /// <param name="rootPath">The folder; relative paths are resolved against the current folder.</param>
    public LocalObjectStore(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath));
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc />
    public string Root => _root;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is empty, absolute or climbs out of the root.</exception>
    public string Locate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateKey(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The data is written and flushed to a temporary file beside the target, then published:
    /// on Unix with <c>link(temp, target)</c>, which creates the name atomically or fails with <c>EEXIST</c>;
    /// on Windows with <c>MoveFileEx</c> without <c>MOVEFILE_REPLACE_EXISTING</c>, which is also atomic create-if-absent.
    /// <see cref="File.Move(string, string, bool)"/> is not used on Unix: when <c>link</c> is unsupported it falls back
    /// to "check, then rename", which two writers can both pass. A reader can never see a partial object because the
    /// name only ever points at a complete, flushed file.
    /// </remarks>
    public async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var target = Locate(key);
        var temp = await WriteTempAsync(target, data, cancellationToken).ConfigureAwait(false);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                try
                {
                    File.Move(temp, target, overwrite: false);
                    return true;
                }
                catch (IOException) when (File.Exists(target))
                {
                    return false;
                }
            }

            return NativeMethods.TryCreateHardLink(temp, target);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <inheritdoc />
    /// <remarks>The data is written to a temporary file beside the target, then renamed over it (atomic replace).</remarks>
    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var target = Locate(key);
        var temp = await WriteTempAsync(target, data, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = Locate(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>Lists files recursively; temporary files of writes in flight are never listed.</remarks>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(
        string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0)
        {
            ValidateKey(prefix.TrimEnd('/'));
        }

        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _root : Path.Combine(_root, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var entries = new List<ObjectInfo>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Name.EndsWith(TempSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                entries.Add(new ObjectInfo(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
            }
            catch (FileNotFoundException)
            {
                // Deleted between the listing and the stat: it is not an object any more.
            }
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var entry in entries)
        {
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = Locate(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult(false);
        }

        return Task.FromResult(true);
    }

    private static async Task<string> WriteTempAsync(string target, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, string.Concat(".", Path.GetFileName(target), ".", Guid.NewGuid().ToString("N"), TempSuffix));
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using var streamScope = stream.ConfigureAwait(false);
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);

            // Durable before it is published: a crash after the link must not leave an empty or torn object.
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return temp;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is never listed; nothing else to do.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static void ValidateKey(string key)
    {
        if (key.Length == 0 || key[0] == '/' || key[0] == '\\' || Path.IsPathRooted(key) || key.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a relative key with forward slashes.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is ".." or ".")
            {
                throw new ArgumentException($"'{key}' must not contain '.' or '..' segments.", nameof(key));
            }
        }
    }
}
