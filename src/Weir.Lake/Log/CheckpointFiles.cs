namespace Weir.Lake.Log;

/// <summary>One checkpoint of a version: a classic single file or every part of a multi-part checkpoint.</summary>
internal sealed class CheckpointFiles
{
    public CheckpointFiles(long version, int parts)
    {
        Version = version;
        Parts = parts;
        Keys = new string?[parts];
    }

    public long Version { get; }

    public int Parts { get; }

    /// <summary>The key of each part (index 0 is part 1); null where a part is missing.</summary>
    public string?[] Keys { get; }

    public DateTimeOffset LastModified { get; set; }

    public bool IsComplete => Keys.All(k => k is not null);
}
