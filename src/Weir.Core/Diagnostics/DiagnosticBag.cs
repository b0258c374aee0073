namespace Weir.Diagnostics;

/// <summary>Collects diagnostics so that every mistake in a project is reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly Lock _gate = new();

    /// <summary>All diagnostics so far, ordered by file, then line.</summary>
    public IReadOnlyList<Diagnostic> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _items
                    .OrderBy(d => d.Location.File, StringComparer.Ordinal)
                    .ThenBy(d => d.Location.Line)
                    .ThenBy(d => d.Location.Column)];
            }
        }
    }

    /// <summary>Whether any error (not warning) was reported.</summary>
    public bool HasErrors
    {
        get
        {
            lock (_gate)
            {
                return _items.Exists(d => d.Severity == DiagnosticSeverity.Error);
            }
        }
    }

    /// <summary>Adds a diagnostic.</summary>
    public void Add(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        lock (_gate)
        {
            _items.Add(diagnostic);
        }
    }

    /// <summary>Adds an error.</summary>
    public void Error(string code, SourceLocation location, string message, string? hint = null) =>
        Add(Diagnostic.Error(code, location, message, hint));

    /// <summary>Adds a warning.</summary>
    public void Warning(string code, SourceLocation location, string message, string? hint = null) =>
        Add(Diagnostic.Warning(code, location, message, hint));
}
