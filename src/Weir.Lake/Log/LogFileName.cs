using System.Globalization;

namespace Weir.Lake.Log;

/// <summary>The kinds of files in <c>_delta_log</c>.</summary>
internal enum LogFileKind
{
    Commit,
    Checkpoint,
    CheckpointPart,
    UuidCheckpoint,
}

/// <summary>A parsed <c>_delta_log</c> file name.</summary>
internal readonly record struct LogFileName(LogFileKind Kind, long Version, int Part, int Parts)
{
    public const string LogFolder = "_delta_log/";
    public const string LastCheckpoint = "_last_checkpoint";

    public static string Commit(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".json";

    public static string Checkpoint(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet";

    /// <summary>Parses a file name (no folder); <see langword="false"/> for anything that is not a commit or checkpoint.</summary>
    public static bool TryParse(string name, out LogFileName file)
    {
        file = default;
        if (name.Length < 21 || name[20] != '.' || !long.TryParse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        var rest = name.AsSpan(21);
        if (rest.SequenceEqual("json"))
        {
            file = new LogFileName(LogFileKind.Commit, version, 0, 0);
            return true;
        }

        if (!rest.StartsWith("checkpoint."))
        {
            return false;
        }

        rest = rest["checkpoint.".Length..];
        if (rest.SequenceEqual("parquet"))
        {
            file = new LogFileName(LogFileKind.Checkpoint, version, 1, 1);
            return true;
        }

        // n.checkpoint.o.p.parquet with o and p of 10 digits each.
        if (rest.Length == 10 + 1 + 10 + ".parquet".Length && rest[10] == '.' && rest.EndsWith(".parquet")
            && int.TryParse(rest[..10], NumberStyles.None, CultureInfo.InvariantCulture, out var part)
            && int.TryParse(rest.Slice(11, 10), NumberStyles.None, CultureInfo.InvariantCulture, out var parts)
            && part >= 1 && part <= parts)
        {
            file = new LogFileName(LogFileKind.CheckpointPart, version, part, parts);
            return true;
        }

        // n.checkpoint.uuid.json|parquet: a v2 (UUID-named) checkpoint.
        if (rest.EndsWith(".json") || rest.EndsWith(".parquet"))
        {
            file = new LogFileName(LogFileKind.UuidCheckpoint, version, 0, 0);
            return true;
        }

        return false;
    }
}
