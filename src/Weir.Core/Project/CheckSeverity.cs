namespace Weir.Project;

/// <summary>What a failing check does to its asset.</summary>
public enum CheckSeverity
{
    /// <summary>The asset fails and everything downstream is skipped (the default).</summary>
    Error,

    /// <summary>The failure is reported; the run goes on.</summary>
    Warn,
}
