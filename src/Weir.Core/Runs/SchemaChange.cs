namespace Weir.Runs;

/// <summary>
/// One column change a load made or met (technical metadata): when, at which Delta version of the table, in which run.
/// </summary>
public sealed class SchemaChange
{
    /// <summary>The asset whose table changed.</summary>
    public required string Asset { get; init; }

    /// <summary>The Delta version of the table the load committed.</summary>
    public required long Version { get; init; }

    /// <summary>When the change was committed.</summary>
    public required DateTimeOffset ChangedAt { get; init; }

    /// <summary>The run that loaded it, when known.</summary>
    public string? RunId { get; init; }

    /// <summary>What happened to the column.</summary>
    public required SchemaChangeKind Kind { get; init; }

    /// <summary>The column's name.</summary>
    public required string Column { get; init; }

    /// <summary>The column's Delta type in the table before the load (<see langword="null"/> for an added or ignored column).</summary>
    public string? OldType { get; init; }

    /// <summary>The column's Delta type in the data (<see langword="null"/> for a missing column).</summary>
    public string? NewType { get; init; }

    /// <summary>The change for people: <c>+discount decimal(10,2)</c>, <c>qty integer→long</c>, <c>-note (missing, NULL)</c>.</summary>
    public override string ToString() => Kind switch
    {
        SchemaChangeKind.Added => $"+{Column} {NewType}",
        SchemaChangeKind.Widened => $"{Column} {OldType}→{NewType}",
        SchemaChangeKind.Missing => $"{Column} missing (NULL)",
        SchemaChangeKind.Ignored => $"{Column} {NewType} ignored",
        SchemaChangeKind.Dropped => $"-{Column} {OldType}",
        SchemaChangeKind.Retyped => $"{Column} {OldType}→{NewType} (rewritten)",
        _ => $"{Column} {NewType} cast to {OldType}",
    };
}
