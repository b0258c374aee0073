namespace Weir.Project;

/// <summary>The outcome of <see cref="EnvironmentInterpolator.Interpolate"/>.</summary>
internal sealed class InterpolationResult
{
    public InterpolationResult(string value, bool changed, IReadOnlyList<string> missingVariables, string? error)
    {
        Value = value;
        Changed = changed;
        MissingVariables = missingVariables;
        Error = error;
    }

    /// <summary>The text with every variable replaced (missing ones by nothing).</summary>
    public string Value { get; }

    /// <summary>Whether the text held a variable or an escape, so <see cref="Value"/> may differ from it.</summary>
    public bool Changed { get; }

    /// <summary>Variables that are unset and have no default, each once, in order.</summary>
    public IReadOnlyList<string> MissingVariables { get; }

    /// <summary>A malformed <c>${…}</c>, described without any variable's value; else <see langword="null"/>.</summary>
    public string? Error { get; }
}
