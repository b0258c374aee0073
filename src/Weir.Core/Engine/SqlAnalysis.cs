namespace Weir.Engine;

/// <summary>What an engine's parser learned from one SQL text: whether it parses, and the tables it reads.</summary>
public sealed class SqlAnalysis
{
    /// <summary>Whether the SQL parsed.</summary>
    public required bool Success { get; init; }

    /// <summary>The parser's message when it did not.</summary>
    public string? Error { get; init; }

    /// <summary>0-based character offset of the error, when the parser reports one.</summary>
    public int? ErrorOffset { get; init; }

    /// <summary>Whether the text is exactly one SELECT (or other query) statement.</summary>
    public bool IsSingleQuery { get; init; }

    /// <summary>
    /// Tables read, after removing names that a CTE in scope defines; each distinct table once,
    /// at its first occurrence.
    /// </summary>
    public IReadOnlyList<TableReference> Tables { get; init; } = [];

    /// <summary>Table functions called (<c>read_csv</c>, <c>range</c>, …), by name.</summary>
    public IReadOnlyList<string> TableFunctions { get; init; } = [];

    /// <summary>A failed analysis.</summary>
    public static SqlAnalysis Failed(string error, int? offset) => new() { Success = false, Error = error, ErrorOffset = offset };
}
