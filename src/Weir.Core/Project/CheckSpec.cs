using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>
/// A data-quality check as written in YAML: a bare name (<c>- not_null</c>) or a one-key map with arguments
/// (<c>- accepted_values: { values: [a, b], severity: warn }</c>).
/// </summary>
public sealed class CheckSpec
{
    /// <summary>Creates a check.</summary>
    public CheckSpec(string type, string? column, CheckSeverity severity, IReadOnlyDictionary<string, object?> arguments, SourceLocation location)
    {
        Type = type;
        Column = column;
        Severity = severity;
        Arguments = arguments;
        Location = location;
    }

    /// <summary>The check type, e.g. <c>not_null</c>.</summary>
    public string Type { get; }

    /// <summary>The column for column checks; <see langword="null"/> for table checks.</summary>
    public string? Column { get; }

    /// <summary>Error (default) or warn.</summary>
    public CheckSeverity Severity { get; }

    /// <summary>
    /// The arguments other than <c>severity</c>, as parsed from YAML: scalars are strings,
    /// sequences are <see cref="IReadOnlyList{T}"/> of object, maps are <see cref="IReadOnlyDictionary{TKey, TValue}"/>.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>Where the check is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>A readable, stable name: <c>not_null(order_id)</c>, <c>row_count</c>.</summary>
    public string DisplayName => Column is null ? Type : $"{Type}({Column})";
}
