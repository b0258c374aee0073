namespace Weir.Diagnostics;

/// <summary>"Did you mean …?" hints: the known name closest to a misspelt one.</summary>
public static class NameSuggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="input"/> (case-insensitive edit distance, or one name containing the other),
    /// or <see langword="null"/> when none is close enough to be a likely typo.
    /// </summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        var needle = input.ToLowerInvariant();
        var threshold = Math.Max(1, Math.Min(3, needle.Length / 3));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var hay = candidate.ToLowerInvariant();
            var distance = Distance(needle, hay);
            var contains = needle.Length >= 3 && hay.Length >= 3 &&
                (hay.Contains(needle, StringComparison.Ordinal) || needle.Contains(hay, StringComparison.Ordinal));
            if ((distance <= threshold || contains) &&
                (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary><c>did you mean 'x'?</c> when a candidate is close, else <see langword="null"/>.</summary>
    public static string? DidYouMean(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } match ? $"did you mean '{match}'?" : null;

    /// <summary><c>did you mean 'x'?</c> when a candidate is close, else <c>{label}: a, b, c</c>.</summary>
    public static string DidYouMeanOrList(string input, IEnumerable<string> candidates, string label) =>
        DidYouMean(input, candidates) ?? $"{label}: {string.Join(", ", candidates)}";

    /// <summary>
    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two adjacent
    /// characters each cost 1, so the common typo "tabel" is one edit from "table".
    /// </summary>
    internal static int Distance(string a, string b)
    {
        var rows = new int[3][];
        for (var r = 0; r < 3; r++)
        {
            rows[r] = new int[b.Length + 1];
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[1][j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            // rows[0]: i-2, rows[1]: i-1, rows[2]: i.
            var current = rows[2];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, rows[1][j] + 1), rows[1][j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], rows[0][j - 2] + 1);
                }
            }

            (rows[0], rows[1], rows[2]) = (rows[1], rows[2], rows[0]);
        }

        return rows[1][b.Length];
    }
}
