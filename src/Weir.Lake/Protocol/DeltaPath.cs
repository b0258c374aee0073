using System.Text;

namespace Weir.Lake.Protocol;

/// <summary>
/// The <c>path</c> of <c>add</c> and <c>remove</c> actions is a URI (RFC 2396) relative to the table root: it must be
/// decoded to find the file and encoded when written. Two actions name the same logical file when their decoded paths
/// are equal.
/// </summary>
public static class DeltaPath
{
    /// <summary>Decodes an action's path into the file's relative path (or absolute URI) on storage.</summary>
    /// <param name="path">The path as written in the log, e.g. <c>x=A%252FA/part-0.parquet</c>.</param>
    /// <returns>The file path, e.g. <c>x=A%2FA/part-0.parquet</c>.</returns>
    public static string Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(path) : path;
    }

    /// <summary>
    /// Encodes a relative file path for an action: every byte except letters, digits, <c>-._~</c>, <c>/</c> and <c>=</c>
    /// is percent-encoded (so a Hive folder <c>x=A%2FA</c> becomes <c>x=A%252FA</c>, as Spark writes it).
    /// </summary>
    public static string Encode(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var builder = new StringBuilder(relativePath.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(relativePath))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '/' or '=')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
