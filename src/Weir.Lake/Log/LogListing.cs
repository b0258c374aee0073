using Weir.Storage;

namespace Weir.Lake.Log;

/// <summary>What a listing of <c>_delta_log</c> found: commit files, checkpoints (complete or not), v2 checkpoints.</summary>
internal sealed class LogListing
{
    public SortedDictionary<long, ObjectInfo> Commits { get; } = [];

    /// <summary>Every checkpoint found, complete or not, newest version first (classic before multi-part).</summary>
    public List<CheckpointFiles> Checkpoints { get; } = [];

    /// <summary>Versions that have a UUID-named (v2) checkpoint, which needs the v2Checkpoint feature.</summary>
    public SortedSet<long> UuidCheckpoints { get; } = [];

    /// <summary>The newest version the log knows (a commit or a checkpoint), or -1 for an empty log.</summary>
    public long LatestVersion
    {
        get
        {
            var latest = Commits.Count > 0 ? Commits.Keys.Max() : -1;
            foreach (var checkpoint in Checkpoints)
            {
                if (checkpoint.IsComplete)
                {
                    latest = Math.Max(latest, checkpoint.Version);
                }
            }

            return latest;
        }
    }

    /// <summary>Complete checkpoints at or before <paramref name="version"/>, newest first.</summary>
    public IEnumerable<CheckpointFiles> CompleteCheckpointsUpTo(long version) =>
        Checkpoints.Where(c => c.IsComplete && c.Version <= version);

    public static async Task<LogListing> ReadAsync(IObjectStore store, string logPrefix, CancellationToken cancellationToken)
    {
        var listing = new LogListing();
        var multiPart = new Dictionary<(long Version, int Parts), CheckpointFiles>();
        await foreach (var entry in store.ListAsync(logPrefix, cancellationToken).ConfigureAwait(false))
        {
            var name = entry.Key[logPrefix.Length..];
            if (name.Contains('/', StringComparison.Ordinal) || !LogFileName.TryParse(name, out var file))
            {
                continue; // _sidecars/, _staged_commits/, .crc files, temporary files of other engines.
            }

            switch (file.Kind)
            {
                case LogFileKind.Commit:
                    listing.Commits[file.Version] = entry;
                    break;
                case LogFileKind.Checkpoint:
                    var classic = new CheckpointFiles(file.Version, 1) { LastModified = entry.LastModified };
                    classic.Keys[0] = entry.Key;
                    listing.Checkpoints.Add(classic);
                    break;
                case LogFileKind.CheckpointPart:
                    if (!multiPart.TryGetValue((file.Version, file.Parts), out var parts))
                    {
                        parts = new CheckpointFiles(file.Version, file.Parts);
                        multiPart[(file.Version, file.Parts)] = parts;
                        listing.Checkpoints.Add(parts);
                    }

                    parts.Keys[file.Part - 1] = entry.Key;
                    if (entry.LastModified > parts.LastModified)
                    {
                        parts.LastModified = entry.LastModified;
                    }

                    break;
                case LogFileKind.UuidCheckpoint:
                    listing.UuidCheckpoints.Add(file.Version);
                    break;
            }
        }

        listing.Checkpoints.Sort(static (a, b) => a.Version != b.Version ? b.Version.CompareTo(a.Version) : a.Parts.CompareTo(b.Parts));
        return listing;
    }
}
