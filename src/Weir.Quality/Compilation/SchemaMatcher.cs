using Weir.Checks;

namespace Weir.Quality.Compilation;

/// <summary>Compares a table's columns with the columns a <c>schema</c> check expects.</summary>
internal static class SchemaMatcher
{
    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["INT"] = "INTEGER",
        ["INT4"] = "INTEGER",
        ["SIGNED"] = "INTEGER",
        ["INT8"] = "BIGINT",
        ["LONG"] = "BIGINT",
        ["INT2"] = "SMALLINT",
        ["SHORT"] = "SMALLINT",
        ["INT1"] = "TINYINT",
        ["STRING"] = "VARCHAR",
        ["TEXT"] = "VARCHAR",
        ["CHAR"] = "VARCHAR",
        ["BPCHAR"] = "VARCHAR",
        ["FLOAT8"] = "DOUBLE",
        ["DOUBLE PRECISION"] = "DOUBLE",
        ["FLOAT4"] = "FLOAT",
        ["REAL"] = "FLOAT",
        ["BOOL"] = "BOOLEAN",
        ["LOGICAL"] = "BOOLEAN",
        ["NUMERIC"] = "DECIMAL",
        ["DATETIME"] = "TIMESTAMP",
        ["TIMESTAMP WITH TIME ZONE"] = "TIMESTAMPTZ",
    };

    /// <summary>
    /// The outcome of comparing <paramref name="actual"/> (name, type rows) with <paramref name="expected"/>: names match
    /// case-insensitively; a type matches after aliases (<c>INT</c> = <c>INTEGER</c>), and a type written without
    /// parameters (<c>DECIMAL</c>) matches any of its parameterized forms. FailingRows is the number of problems.
    /// </summary>
    public static CheckOutcome Compare(
        IReadOnlyList<(string Name, string? Type)> expected, IReadOnlyList<(string Name, string Type)> actual, bool allowExtra)
    {
        if (actual.Count == 0)
        {
            return new CheckOutcome(CheckStatus.Fail, expected.Count, "the table has no columns (does it exist?)");
        }

        var byName = actual.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Type, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var (name, type) in expected)
        {
            if (!byName.TryGetValue(name, out var actualType))
            {
                problems.Add($"missing column \"{name}\"");
            }
            else if (type is not null && !TypeMatches(type, actualType))
            {
                problems.Add($"\"{name}\" is {actualType}, expected {type}");
            }
        }

        if (!allowExtra)
        {
            var known = expected.Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            problems.AddRange(actual.Where(c => !known.Contains(c.Name)).Select(c => $"unexpected column \"{c.Name}\""));
        }

        return problems.Count == 0
            ? new CheckOutcome(CheckStatus.Pass, 0, null)
            : new CheckOutcome(CheckStatus.Fail, problems.Count, string.Join("; ", problems));
    }

    /// <summary>Whether the declared type <paramref name="expected"/> names the engine type <paramref name="actual"/>.</summary>
    public static bool TypeMatches(string expected, string actual)
    {
        var want = Normalize(expected);
        var have = Normalize(actual);
        if (string.Equals(want, have, StringComparison.Ordinal))
        {
            return true;
        }

        var paren = have.IndexOf('(', StringComparison.Ordinal);
        return !want.Contains('(', StringComparison.Ordinal) && paren > 0
            && string.Equals(want, have[..paren].TrimEnd(), StringComparison.Ordinal);
    }

    private static string Normalize(string type)
    {
        var text = string.Join(' ', type.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var paren = text.IndexOf('(', StringComparison.Ordinal);
        var head = paren > 0 ? text[..paren].TrimEnd() : text;
        var tail = paren > 0 ? text[paren..].Replace(" ", string.Empty, StringComparison.Ordinal) : string.Empty;
        return (s_aliases.TryGetValue(head, out var alias) ? alias : head) + tail;
    }
}
