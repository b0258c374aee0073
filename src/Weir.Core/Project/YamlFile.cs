using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>
/// One parsed project YAML file: its nodes keep their line and column, every scalar value is interpolated
/// (<c>${VAR}</c>), and diagnostics are reported against it.
/// </summary>
internal sealed class YamlFile
{
    private readonly Dictionary<YamlNode, string> _rawText = new(ReferenceEqualityComparer.Instance);

    private YamlFile(string path, LoadContext context)
    {
        Path = path;
        Context = context;
    }

    /// <summary>The path relative to the project root, with <c>/</c>.</summary>
    public string Path { get; }

    public LoadContext Context { get; }

    /// <summary>The document's root node; <see langword="null"/> when the file is empty or could not be parsed.</summary>
    public YamlNode? Root { get; private set; }

    /// <summary>Whether the file could not be read or parsed (the error is reported).</summary>
    public bool Failed { get; private set; }

    public static YamlFile Load(LoadContext context, string absolutePath)
    {
        var file = new YamlFile(context.Relative(absolutePath), context);
        var text = context.ReadText(absolutePath);
        if (text is null)
        {
            file.Failed = true;
            return file;
        }

        var scanner = new Scanner(new StringReader(text));
        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            var mark = ex.Start.Line > 0 ? ex.Start : scanner.CurrentPosition;
            file.Error(DiagnosticCodes.YamlSyntax, mark, $"invalid YAML: {CleanMessage(ex.Message)}",
                "check the indentation, quotes and brackets here");
            file.Failed = true;
            return file;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws InvalidOperationException instead of a YamlException when a flow
            // collection ('[' or '{') is left open; its current position is just past the bad spot.
            file.Error(DiagnosticCodes.YamlSyntax, scanner.CurrentPosition, "invalid YAML: a '[' or '{' is not closed",
                "close the list or map opened above this line");
            file.Failed = true;
            return file;
        }

        if (stream.Documents.Count == 0)
        {
            return file;
        }

        if (stream.Documents.Count > 1)
        {
            file.Error(DiagnosticCodes.InvalidValue, stream.Documents[1].RootNode, "a project file holds one YAML document",
                "remove the '---' separator and merge the documents");
        }

        file.Root = stream.Documents[0].RootNode;
        file.Interpolate(file.Root);
        return file;
    }

    /// <summary>Where <paramref name="node"/> starts in this file.</summary>
    public SourceLocation At(YamlNode node) => At(node.Start);

    /// <summary>
    /// A scalar's text for messages: as written in the file when it held a <c>${VAR}</c>, so that a variable's value
    /// (possibly a secret) never reaches a diagnostic.
    /// </summary>
    public string Show(YamlNode node) => _rawText.TryGetValue(node, out var raw) ? raw : (node as YamlScalarNode)?.Value ?? string.Empty;

    public void Error(string code, YamlNode node, string message, string? hint = null) => Error(code, node.Start, message, hint);

    public void Warning(string code, YamlNode node, string message, string? hint = null) =>
        Context.Diagnostics.Warning(code, At(node), message, hint);

    /// <summary>Whether a node is YAML's null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>"a list", "a map" or "a value", for messages about a node of the wrong shape.</summary>
    public static string Shape(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a map",
        _ => "a value",
    };

    /// <summary>A YAML node as a check argument: scalars are strings, sequences lists, maps dictionaries.</summary>
    public static object? ToObject(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.Select(ToObject).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(
            kv => (kv.Key as YamlScalarNode)?.Value ?? string.Empty, kv => ToObject(kv.Value), StringComparer.Ordinal),
        _ when IsNull(node) => null,
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    private void Error(string code, Mark mark, string message, string? hint) =>
        Context.Diagnostics.Error(code, At(mark), message, hint);

    private SourceLocation At(Mark mark) => new(Path, (int)Math.Max(1, mark.Line), (int)Math.Max(0, mark.Column));

    private void Interpolate(YamlNode root)
    {
        // Values only: keys are Weir's vocabulary, never data. Iterative, and each node once (aliases share nodes).
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            switch (node)
            {
                case YamlScalarNode scalar:
                    InterpolateScalar(scalar);
                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children)
                    {
                        pending.Push(child);
                    }

                    break;
                case YamlMappingNode mapping:
                    foreach (var child in mapping.Children.Values)
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }
    }

    private void InterpolateScalar(YamlScalarNode scalar)
    {
        if (scalar.Value is not { } text)
        {
            return;
        }

        var result = Context.Interpolator.Interpolate(text);
        if (!result.Changed)
        {
            return;
        }

        _rawText[scalar] = text;
        scalar.Value = result.Value;
        foreach (var name in result.MissingVariables)
        {
            Error(DiagnosticCodes.MissingVariable, scalar, $"environment variable '{name}' is not set",
                $"set {name}, or give a default: ${{{name}:-value}}");
        }

        if (result.Error is { } error)
        {
            Error(DiagnosticCodes.InvalidValue, scalar, $"bad variable reference: {error}", "write '$${' for a literal '${'");
        }
    }

    private static string CleanMessage(string message)
    {
        // Some YamlDotNet messages start with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the location is reported apart.
        var end = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && end >= 0 ? message[(end + 3)..] : message;
    }
}
