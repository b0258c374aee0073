namespace Weir.Checks;

/// <summary>
/// A statistical profile of one asset's table at one run (operational metadata): its row count and one
/// <see cref="ColumnProfile"/> per column. Anomaly and drift checks compare against stored profiles.
/// </summary>
public sealed class TableProfile
{
    /// <summary>The asset profiled.</summary>
    public required string Asset { get; init; }

    /// <summary>The run that profiled it; <see langword="null"/> for a profile taken outside a run (<c>weir profile</c>).</summary>
    public string? RunId { get; init; }

    /// <summary>When the profile was taken.</summary>
    public required DateTimeOffset ProfiledAt { get; init; }

    /// <summary>Rows in the table.</summary>
    public required long RowCount { get; init; }

    /// <summary>One profile per column, in the table's column order.</summary>
    public required IReadOnlyList<ColumnProfile> Columns { get; init; }
}
