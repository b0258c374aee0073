namespace Weir.Storage;

/// <summary>An object in an <see cref="IObjectStore"/>: its key, size and last modification time.</summary>
public readonly struct ObjectInfo
{
    /// <summary>Creates an entry.</summary>
    public ObjectInfo(string key, long size, DateTimeOffset lastModified)
    {
        Key = key;
        Size = size;
        LastModified = lastModified;
    }

    /// <summary>The object's key, relative to the store's root, with forward slashes.</summary>
    public string Key { get; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; }

    /// <summary>When the object was last written.</summary>
    public DateTimeOffset LastModified { get; }
}
