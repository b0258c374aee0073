using System.Globalization;
using System.Text.Json;

namespace Weir.Lake.Tests.TestSupport;

/// <summary>
/// An independent, deliberately naive log replay for the tests: reads the JSON commits 0..v of a table folder with
/// JsonDocument and applies adds and removes by decoded path. It shares no code with Weir.Lake.
/// </summary>
internal sealed class JsonReplay
{
    public Dictionary<string, long> Files { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> AppVersions { get; } = new(StringComparer.Ordinal);

    public string? MetadataId { get; private set; }

    public int ReaderVersion { get; private set; }

    public static string CommitPath(string table, long version) =>
        Path.Combine(table, "_delta_log", version.ToString("D20", CultureInfo.InvariantCulture) + ".json");

    public static bool HasCommits(string table, long from, long to)
    {
        for (var v = from; v <= to; v++)
        {
            if (!File.Exists(CommitPath(table, v)))
            {
                return false;
            }
        }

        return true;
    }

    public static JsonReplay Replay(string table, long version)
    {
        var replay = new JsonReplay();
        for (var v = 0L; v <= version; v++)
        {
            foreach (var line in File.ReadLines(CommitPath(table, v)))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.TryGetProperty("add", out var add))
                {
                    replay.Files[Uri.UnescapeDataString(add.GetProperty("path").GetString()!)] = add.GetProperty("size").GetInt64();
                }
                else if (root.TryGetProperty("remove", out var remove))
                {
                    replay.Files.Remove(Uri.UnescapeDataString(remove.GetProperty("path").GetString()!));
                }
                else if (root.TryGetProperty("txn", out var txn))
                {
                    replay.AppVersions[txn.GetProperty("appId").GetString()!] = txn.GetProperty("version").GetInt64();
                }
                else if (root.TryGetProperty("metaData", out var metadata))
                {
                    replay.MetadataId = metadata.GetProperty("id").GetString();
                }
                else if (root.TryGetProperty("protocol", out var protocol))
                {
                    replay.ReaderVersion = protocol.GetProperty("minReaderVersion").GetInt32();
                }
            }
        }

        return replay;
    }
}
