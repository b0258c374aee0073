using System.Text;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Data file paths: the <c>add.path</c> form (relative to the table root, each segment percent-encoded as a URI path)
/// and the absolute form DuckDB reads.
/// </summary>
internal static class DeltaPaths
{
    /// <summary>
    /// The <c>add.path</c> of <paramref name="absoluteFile"/> under <paramref name="tableFolder"/>: every byte outside
    /// <c>A-Z a-z 0-9 - . _ ~ =</c> of each segment percent-encoded in upper-case hex, so a folder DuckDB named
    /// <c>p=a%2Fb</c> becomes <c>p=a%252Fb</c> and decodes back to the folder's real name.
    /// </summary>
    public static string ToAddPath(string tableFolder, string absoluteFile)
    {
        var relative = Path.GetRelativePath(tableFolder, absoluteFile).Replace('\\', '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new InvalidOperationException($"The data file '{absoluteFile}' is not under the table folder '{tableFolder}'.");
        }

        return string.Join('/', relative.Split('/').Select(Encode));
    }

    /// <summary>The location DuckDB reads for <paramref name="addPath"/> (relative, absolute, or a URI).</summary>
    public static string ToAbsolute(string tableFolder, string addPath)
    {
        if (addPath.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(addPath).LocalPath;
        }

        if (addPath.Contains("://", StringComparison.Ordinal))
        {
            return addPath;
        }

        var decoded = Uri.UnescapeDataString(addPath);
        return Path.IsPathRooted(decoded) ? decoded : Path.Combine(tableFolder, decoded.Replace('/', Path.DirectorySeparatorChar));
    }

    private static string Encode(string segment)
    {
        var text = new StringBuilder(segment.Length);
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '=')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
