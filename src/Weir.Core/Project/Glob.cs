namespace Weir.Project;

/// <summary>
/// A small file glob: <c>*</c> matches any characters but <c>/</c> within one path segment, <c>?</c> one such character,
/// and a segment <c>**</c> any number of folders (zero included). Patterns use <c>/</c> (a <c>\</c> is taken as <c>/</c>).
/// </summary>
internal static class Glob
{
    private static readonly StringComparison s_comparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Whether <paramref name="pattern"/> holds a wildcard.</summary>
    public static bool IsPattern(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>
    /// The files matching <paramref name="pattern"/> (relative to <paramref name="root"/> unless absolute), as sorted absolute paths.
    /// A pattern without wildcards yields the file if it exists.
    /// </summary>
    public static IReadOnlyList<string> Expand(string root, string pattern)
    {
        var normalized = pattern.Replace('\\', '/');
        var absolute = Path.GetFullPath(Path.Combine(root, normalized));
        if (!IsPattern(normalized))
        {
            return File.Exists(absolute) ? [absolute] : [];
        }

        // The folder part before the first wildcard segment is where enumeration starts.
        var segments = Path.GetFullPath(Path.Combine(root, normalized.Replace('/', Path.DirectorySeparatorChar)))
            .Split(Path.DirectorySeparatorChar);
        var firstWild = Array.FindIndex(segments, IsPattern);
        var baseDirectory = string.Join(Path.DirectorySeparatorChar, segments[..firstWild]);
        if (baseDirectory.Length == 0)
        {
            baseDirectory = Path.DirectorySeparatorChar.ToString();
        }

        if (!Directory.Exists(baseDirectory))
        {
            return [];
        }

        var rest = segments[firstWild..];
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = rest.Length > 1,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.None,
        };
        var restPattern = string.Join('/', rest);
        var matches = new List<string>();
        foreach (var file in Directory.EnumerateFiles(baseDirectory, "*", options))
        {
            var relative = Path.GetRelativePath(baseDirectory, file).Replace('\\', '/');
            if (IsMatch(restPattern, relative))
            {
                matches.Add(file);
            }
        }

        matches.Sort(StringComparer.Ordinal);
        return matches;
    }

    /// <summary>Whether the relative path (with <c>/</c>) matches the pattern.</summary>
    public static bool IsMatch(string pattern, string path)
    {
        var patternSegments = pattern.Replace('\\', '/').Split('/');
        var pathSegments = path.Replace('\\', '/').Split('/');
        return MatchSegments(patternSegments, 0, pathSegments, 0);
    }

    private static bool MatchSegments(string[] pattern, int p, string[] path, int s)
    {
        while (p < pattern.Length)
        {
            if (pattern[p] == "**")
            {
                // Collapse runs of '**', then try every number of folders it could stand for.
                while (p < pattern.Length && pattern[p] == "**")
                {
                    p++;
                }

                if (p == pattern.Length)
                {
                    return s < path.Length;
                }

                for (var skip = s; skip < path.Length; skip++)
                {
                    if (MatchSegments(pattern, p, path, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (s >= path.Length || !MatchSegment(pattern[p], path[s]))
            {
                return false;
            }

            p++;
            s++;
        }

        return s == path.Length;
    }

    private static bool MatchSegment(string pattern, string text)
    {
        // Iterative wildcard match with one backtrack point for the last '*'.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, text, t, 1, s_comparison) == 0))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
