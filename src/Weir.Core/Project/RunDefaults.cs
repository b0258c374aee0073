namespace Weir.Project;

/// <summary>Project-wide defaults for runs (<c>run:</c> in <c>weir.yaml</c>).</summary>
public sealed class RunDefaults
{
    /// <summary>Assets built at once.</summary>
    /// <value>Defaults to <see cref="ProjectSpec.DefaultThreads"/>.</value>
    public int Threads { get; init; } = ProjectSpec.DefaultThreads;

    /// <summary>Attempts after a failure.</summary>
    /// <value>Defaults to 0: an error fails the asset at once.</value>
    public int Retries { get; init; }

    /// <summary>The first retry delay; each next one doubles (exponential backoff with jitter).</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed for one attempt of one asset.</summary>
    /// <value>Defaults to 1 hour.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(1);
}
