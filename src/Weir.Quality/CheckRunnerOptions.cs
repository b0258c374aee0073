using Weir.Checks;
using Weir.Runs;

namespace Weir.Quality;

/// <summary>Options of a <see cref="CheckRunner"/>.</summary>
public sealed class CheckRunnerOptions
{
    /// <summary>The most failing rows fetched as a sample of each failing check.</summary>
    /// <value>5; 0 fetches no samples.</value>
    public int SampleSize { get; init; } = 5;

    /// <summary>
    /// Where the last successful load of an asset is read, for <c>freshness</c> without a column;
    /// <see langword="null"/> makes such checks report <see cref="CheckStatus.Error"/>.
    /// </summary>
    public IRunStore? Runs { get; init; }

    /// <summary>
    /// Where past profiles are read, for <c>anomaly</c> and <c>drift</c>; <see langword="null"/> means no history, so
    /// those checks pass while learning.
    /// </summary>
    public IProfileStore? Profiles { get; init; }

    /// <summary>The current run, whose own profiles are left out of the history; <see langword="null"/> keeps every profile.</summary>
    public string? RunId { get; init; }
}
