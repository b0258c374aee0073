namespace Weir.DuckDb.Lake;

/// <summary>Quoting for the DuckDB SQL the lake writes.</summary>
internal static class SqlText
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A file's value for a partition column (matched ignoring case), null when absent, null or empty.</summary>
    public static string? PartitionValue(IReadOnlyDictionary<string, string?> values, string column)
    {
        foreach (var (key, value) in values)
        {
            if (string.Equals(key, column, StringComparison.OrdinalIgnoreCase))
            {
                return string.IsNullOrEmpty(value) ? null : value;
            }
        }

        return null;
    }
}
