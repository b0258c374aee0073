namespace Weir.Runs;

/// <summary>The state of a run.</summary>
public enum RunStatus
{
    /// <summary>Started, not finished (or the process died).</summary>
    Running,

    /// <summary>Every asset succeeded.</summary>
    Succeeded,

    /// <summary>At least one asset failed.</summary>
    Failed,

    /// <summary>Stopped by the user (Ctrl-C) or a shutdown.</summary>
    Cancelled,
}
