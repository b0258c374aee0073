using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>The state of one <see cref="ProjectLoader.Load"/> call: project root, diagnostics and interpolation.</summary>
internal sealed class LoadContext
{
    public LoadContext(string root, DiagnosticBag diagnostics, EnvironmentInterpolator interpolator)
    {
        Root = root;
        Diagnostics = diagnostics;
        Interpolator = interpolator;
    }

    /// <summary>Absolute path of the project folder.</summary>
    public string Root { get; }

    public DiagnosticBag Diagnostics { get; }

    public EnvironmentInterpolator Interpolator { get; }

    /// <summary>A path relative to the project root, with <c>/</c>, as diagnostics show it.</summary>
    public string Relative(string absolutePath) => Path.GetRelativePath(Root, absolutePath).Replace('\\', '/');

    /// <summary>Reads, parses and interpolates a YAML file; syntax errors are reported and leave the file without a root.</summary>
    public YamlFile OpenYaml(string absolutePath) => YamlFile.Load(this, absolutePath);

    /// <summary>
    /// Files under <paramref name="folder"/> (a folder of the project) with one of <paramref name="extensions"/>,
    /// sorted by relative path; empty when the folder does not exist.
    /// </summary>
    public IReadOnlyList<string> Files(string folder, bool recursive, params string[] extensions)
    {
        var directory = Path.Combine(Root, folder);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true };
        return [.. Directory.EnumerateFiles(directory, "*", options)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .OrderBy(Relative, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Reads a whole text file; an I/O failure is reported (<see cref="DiagnosticCodes.YamlSyntax"/>) and gives <see langword="null"/>.
    /// </summary>
    public string? ReadText(string absolutePath)
    {
        try
        {
            return File.ReadAllText(absolutePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Diagnostics.Error(DiagnosticCodes.YamlSyntax, new SourceLocation(Relative(absolutePath), 0),
                $"cannot read the file: {ex.Message}");
            return null;
        }
    }
}
