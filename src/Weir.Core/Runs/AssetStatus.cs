namespace Weir.Runs;

/// <summary>The state of one asset in a run.</summary>
public enum AssetStatus
{
    /// <summary>Waiting for upstreams.</summary>
    Pending,

    /// <summary>Building or checking.</summary>
    Running,

    /// <summary>Built, and no error check failed.</summary>
    Succeeded,

    /// <summary>The build failed after its retries, timed out, or an error check failed.</summary>
    Failed,

    /// <summary>Not built because an upstream failed or was skipped.</summary>
    Skipped,

    /// <summary>Not built, or stopped, because the run was cancelled.</summary>
    Cancelled,
}
