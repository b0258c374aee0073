namespace Weir.Diagnostics;

/// <summary>
/// A mistake (or a warning) in a user's project, found while loading, compiling or planning it.
/// Diagnostics are values collected along the pipeline, not exceptions.
/// </summary>
public sealed class Diagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    /// <param name="severity">Error or warning.</param>
    /// <param name="code">A stable code such as <c>WEIR101</c> (see <see cref="DiagnosticCodes"/>).</param>
    /// <param name="location">Where in the project the problem is.</param>
    /// <param name="message">What is wrong, in one sentence.</param>
    /// <param name="hint">What to do about it, or <see langword="null"/>.</param>
    public Diagnostic(DiagnosticSeverity severity, string code, SourceLocation location, string message, string? hint = null)
    {
        Severity = severity;
        Code = code;
        Location = location;
        Message = message;
        Hint = hint;
    }

    /// <summary>Error or warning.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>A stable code such as <c>WEIR101</c>.</summary>
    public string Code { get; }

    /// <summary>Where in the project the problem is.</summary>
    public SourceLocation Location { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <summary>What to do about it, if Weir can tell.</summary>
    public string? Hint { get; }

    /// <summary>Creates an error.</summary>
    public static Diagnostic Error(string code, SourceLocation location, string message, string? hint = null) =>
        new(DiagnosticSeverity.Error, code, location, message, hint);

    /// <summary>Creates a warning.</summary>
    public static Diagnostic Warning(string code, SourceLocation location, string message, string? hint = null) =>
        new(DiagnosticSeverity.Warning, code, location, message, hint);

    /// <summary><c>file:line:col: error WEIR101: message (hint: ...)</c>.</summary>
    public override string ToString()
    {
        var kind = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return Hint is null
            ? $"{Location}: {kind} {Code}: {Message}"
            : $"{Location}: {kind} {Code}: {Message} (hint: {Hint})";
    }
}
