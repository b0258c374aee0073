using Weir.Project;

namespace Weir.Checks;

/// <summary>The result of running one check on one asset.</summary>
public sealed class CheckResult
{
    /// <summary>The asset checked.</summary>
    public required string Asset { get; init; }

    /// <summary>The column for column checks; <see langword="null"/> for table checks.</summary>
    public string? Column { get; init; }

    /// <summary>The check type, e.g. <c>not_null</c>.</summary>
    public required string Check { get; init; }

    /// <summary>Error or warn.</summary>
    public required CheckSeverity Severity { get; init; }

    /// <summary>Pass, fail or error.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>Rows that break the check (for <c>row_count</c>: the row count itself when out of bounds, else 0).</summary>
    public long FailingRows { get; init; }

    /// <summary>A sentence for people: what failed, or why the check could not run.</summary>
    public string? Message { get; init; }

    /// <summary>Time the check took (its share of a fused scan counts for each check of the scan).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Rows the check looked at (after its <c>where</c> filter), when known; the base of a ratio tolerance.</summary>
    public long? RowsChecked { get; init; }

    /// <summary>
    /// For a failed check: a few failing rows (column name → value, keys first), fetched by a second query only for
    /// checks that fail; <see langword="null"/> for passing checks and checks that have no rows to show.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>>? Sample { get; init; }

    /// <summary>Whether this result fails its asset: an error-severity check that did not pass.</summary>
    public bool BlocksAsset => Severity == CheckSeverity.Error && Status != CheckStatus.Pass;
}
