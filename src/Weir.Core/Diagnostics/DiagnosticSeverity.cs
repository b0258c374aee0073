namespace Weir.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; the project still loads.</summary>
    Warning,

    /// <summary>The project cannot be run until it is fixed.</summary>
    Error,
}
