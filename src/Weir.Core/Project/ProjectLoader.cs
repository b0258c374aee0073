using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>
/// Loads a project folder into a <see cref="ProjectSpec"/>: <c>weir.yaml</c>, <c>sources/*.yaml</c>,
/// <c>models/**/*.sql</c> and <c>models/**/*.yaml</c>, <c>seeds/*.csv</c>, with <c>${VAR}</c> interpolation.
/// </summary>
public sealed class ProjectLoader
{
    private readonly Func<string, string?> _environment;

    /// <summary>Creates a loader that reads variables from the process environment.</summary>
    public ProjectLoader()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>Creates a loader that reads variables through <paramref name="environment"/> (tests pass a dictionary).</summary>
    public ProjectLoader(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
    }

    /// <summary>
    /// Loads the project in <paramref name="directory"/>. Every mistake found is added to <paramref name="diagnostics"/>;
    /// the result is <see langword="null"/> only when not even <c>weir.yaml</c> could be read.
    /// </summary>
    public ProjectSpec? Load(string directory, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(diagnostics);
        throw new NotSupportedException("ProjectLoader is being written (issue 3).");
    }
}
