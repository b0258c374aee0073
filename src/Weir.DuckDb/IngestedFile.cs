using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Weir.DuckDb;

/// <summary>
/// A file a source has loaded, known by its path (relative to the project when inside it), size and modification
/// time: a file rewritten since (other size or time) is a new file.
/// </summary>
internal sealed record IngestedFile(string Path, long Size, DateTimeOffset Modified)
{
    /// <summary>The file at <paramref name="fullPath"/> as it is now.</summary>
    public static IngestedFile Of(string projectRoot, string fullPath)
    {
        var info = new FileInfo(fullPath);
        var relative = System.IO.Path.GetRelativePath(projectRoot, fullPath);
        var path = System.IO.Path.IsPathRooted(relative) ? fullPath : relative;
        return new IngestedFile(path.Replace('\\', '/'), info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
    }

    /// <summary>The files as a JSON array of <c>{path, size, mtime}</c>.</summary>
    public static string ToJson(IEnumerable<IngestedFile> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var file in files)
            {
                writer.WriteStartObject();
                writer.WriteString("path", file.Path);
                writer.WriteNumber("size", file.Size);
                writer.WriteString("mtime", file.Modified.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads <see cref="ToJson"/>'s output; entries that are not files are skipped.</summary>
    public static IEnumerable<IngestedFile> ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var files = new List<IngestedFile>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String
                && item.TryGetProperty("size", out var size) && size.TryGetInt64(out var length)
                && item.TryGetProperty("mtime", out var mtime) && mtime.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(mtime.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var modified))
            {
                files.Add(new IngestedFile(path.GetString()!, length, modified));
            }
        }

        return files;
    }
}
