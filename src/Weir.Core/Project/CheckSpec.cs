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

    /// <summary>
    /// A SQL boolean over the asset's columns (<c>where: "status &lt;&gt; 'test'"</c>): only rows it keeps are checked;
    /// <see langword="null"/> checks every row.
    /// </summary>
    public string? Where { get; init; }

    /// <summary>
    /// The tolerance (<c>fail_if: 10</c>, <c>fail_if: 0.01</c> or <c>fail_if: 1%</c>): the check fails only when its failing
    /// rows exceed this count or this share of the rows checked; <see langword="null"/> fails on the first failing row.
    /// </summary>
    public BadRowLimit? FailIf { get; init; }

    /// <summary>
    /// On a source's row-level check (<c>quarantine: true</c>): rows that fail it are moved to
    /// <c>&lt;source&gt;__quarantine</c> with the check's name as the reason, instead of failing the load.
    /// </summary>
    public bool Quarantine { get; init; }

    /// <summary>A readable, stable name: <c>not_null(order_id)</c>, <c>row_count</c>.</summary>
    public string DisplayName => Column is null ? Type : $"{Type}({Column})";
}
