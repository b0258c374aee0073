namespace Weir.Checks;

/// <summary>The outcome of one check.</summary>
public enum CheckStatus
{
    /// <summary>No failing rows (or within tolerance).</summary>
    Pass,

    /// <summary>Failing rows found.</summary>
    Fail,

    /// <summary>The check could not run (bad column, SQL error).</summary>
    Error,
}
