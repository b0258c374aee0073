using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Core.Tests.TestSupport;

/// <summary>A project folder under the temp directory, written from a map of relative path to text; deleted on dispose.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject(IReadOnlyDictionary<string, string> files)
    {
        Root = Path.Combine(Path.GetTempPath(), "weir-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        foreach (var (path, text) in files)
        {
            Write(path, text);
        }
    }

    public string Root { get; }

    public void Write(string relativePath, string text)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Loads the project with the given environment (empty when null).</summary>
    public (ProjectSpec? Project, DiagnosticBag Diagnostics) Load(IReadOnlyDictionary<string, string>? environment = null)
    {
        var diagnostics = new DiagnosticBag();
        var loader = new ProjectLoader(name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);
        return (loader.Load(Root, diagnostics), diagnostics);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
