namespace Weir.Storage;

/// <summary>
/// Object storage under one root: a folder on the local disk, later a bucket prefix on S3. Keys are relative paths
/// with forward slashes. Every write is atomic: a reader sees the whole object or none of it.
/// </summary>
public interface IObjectStore
{
    /// <summary>Where the root is, as a URI or absolute path engines can read (DuckDB reads data files from here).</summary>
    string Root { get; }

    /// <summary>The location of <paramref name="key"/> that engines can read: an absolute path or a URI.</summary>
    string Locate(string key);

    /// <summary>
    /// Writes <paramref name="data"/> under <paramref name="key"/> only if no object has that key: the primitive of
    /// Delta's optimistic commit. Returns <see langword="false"/> when the key exists (another writer won).
    /// </summary>
    Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Writes or replaces <paramref name="key"/> atomically.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole object, or <see langword="null"/> when it does not exist.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Objects whose key starts with <paramref name="prefix"/> (a folder ends in '/'), in key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; returns whether it existed.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
