namespace Weir.Cli;

/// <summary>The exit codes of the weir command (documented in docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>The user's project has an error, or a run or check failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>Ctrl-C.</summary>
    public const int Cancelled = 130;
}
