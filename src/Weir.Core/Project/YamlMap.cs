using System.Globalization;
using YamlDotNet.RepresentationModel;
using Weir.Diagnostics;

namespace Weir.Project;

/// <summary>
/// Reads one YAML mapping of a project file against the keys allowed there: unknown keys are reported on creation
/// (with a "did you mean"), and the typed getters report missing keys and values of the wrong shape. Every getter
/// returns <see langword="null"/> (or empty) after reporting, so loading goes on and collects every mistake.
/// </summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, KeyValuePair<YamlNode, YamlNode>> _entries = new(StringComparer.Ordinal);

    public YamlMap(YamlFile file, YamlMappingNode node, IReadOnlyList<string> knownKeys)
    {
        File = file;
        Node = node;
        foreach (var entry in node.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } key })
            {
                file.Error(DiagnosticCodes.InvalidValue, entry.Key, $"a key must be a name, not {YamlFile.Shape(entry.Key)}");
                continue;
            }

            if (!knownKeys.Contains(key, StringComparer.Ordinal))
            {
                file.Error(DiagnosticCodes.UnknownKey, entry.Key, $"unknown key '{key}'",
                    NameSuggestions.DidYouMeanOrList(key, knownKeys, "valid keys"));
                continue;
            }

            _entries[key] = entry;
        }
    }

    public YamlFile File { get; }

    public YamlMappingNode Node { get; }

    /// <summary>Where the mapping starts.</summary>
    public SourceLocation Location => File.At(Node);

    /// <summary>Whether the key is present with a non-null value.</summary>
    public bool Has(string key) => Value(key) is not null;

    /// <summary>The value of a key, or <see langword="null"/> when absent or YAML null.</summary>
    public YamlNode? Value(string key) =>
        _entries.TryGetValue(key, out var entry) && !YamlFile.IsNull(entry.Value) ? entry.Value : null;

    /// <summary>The key's own node (for diagnostics about the key), or the mapping when absent.</summary>
    public YamlNode KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : Node;

    /// <summary>Reports a missing key (<see cref="DiagnosticCodes.MissingKey"/>) at the mapping when it is absent or null.</summary>
    public bool Require(string key, string what, string? hint = null)
    {
        if (Has(key))
        {
            return true;
        }

        File.Error(DiagnosticCodes.MissingKey, _entries.TryGetValue(key, out var entry) ? entry.Key : Node,
            $"{what} is missing required key '{key}'", hint);
        return false;
    }

    /// <summary>A scalar value as text.</summary>
    public string? String(string key)
    {
        var node = Value(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' must be a single value, not {YamlFile.Shape(node)}");
        return null;
    }

    /// <summary>An integer of at least <paramref name="minimum"/>.</summary>
    public int? Integer(string key, int minimum)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        var node = Value(key)!;
        File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' must be an integer >= {minimum}, not '{File.Show(node)}'");
        return null;
    }

    /// <summary>A whole number that fits a <see cref="long"/>, at least <paramref name="minimum"/>.</summary>
    public long? Long(string key, long minimum)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= minimum)
        {
            return value;
        }

        var node = Value(key)!;
        File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' must be a whole number >= {minimum}, not '{File.Show(node)}'");
        return null;
    }

    /// <summary>A point in time: ISO 8601 (<c>2026-01-31</c>, <c>2026-01-31T12:00:00Z</c>); no offset means UTC.</summary>
    public DateTimeOffset? Timestamp(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(
            text,
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal,
            out var value))
        {
            return value;
        }

        var node = Value(key)!;
        File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' must be a timestamp, not '{File.Show(node)}'",
            "write ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z");
        return null;
    }

    /// <summary>A size in bytes: a number, or one with a unit (<c>64MB</c>, <c>1GiB</c>, <c>512KB</c>); units are powers of 1024.</summary>
    public long? Size(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        var match = System.Text.RegularExpressions.Regex.Match(
            text.Trim(), @"^(?<n>\d+)\s*(?<u>b|kb|kib|mb|mib|gb|gib)?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (match.Success && long.TryParse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            var unit = match.Groups["u"].Value.ToLowerInvariant();
            var factor = unit switch
            {
                "kb" or "kib" => 1024L,
                "mb" or "mib" => 1024L * 1024,
                "gb" or "gib" => 1024L * 1024 * 1024,
                _ => 1L,
            };
            if (n > 0 && n <= long.MaxValue / factor)
            {
                return n * factor;
            }
        }

        var node = Value(key)!;
        File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' must be a size, not '{File.Show(node)}'", "write e.g. 128MB, 1GB or 65536");
        return null;
    }

    /// <summary>A duration (<c>30s</c>, <c>5m</c>, …); zero is allowed only when <paramref name="allowZero"/>.</summary>
    public TimeSpan? Duration(string key, bool allowZero)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (DurationParser.TryParse(text, out var duration) && (allowZero || duration > TimeSpan.Zero))
        {
            return duration;
        }

        var node = Value(key)!;
        File.Error(DiagnosticCodes.InvalidValue, node,
            $"'{key}' must be a {(allowZero ? string.Empty : "positive ")}duration, not '{File.Show(node)}'",
            $"write {DurationParser.Examples}");
        return null;
    }

    /// <summary>A list of values; a single value counts as a list of one.</summary>
    public IReadOnlyList<string> StringList(string key)
    {
        var node = Value(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode scalar:
                return [scalar.Value ?? string.Empty];
            case YamlSequenceNode sequence:
                var items = new List<string>(sequence.Children.Count);
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } value } && !YamlFile.IsNull(item))
                    {
                        items.Add(value);
                    }
                    else
                    {
                        File.Error(DiagnosticCodes.InvalidValue, item,
                            $"each item of '{key}' must be a single value, not {Describe(item)}");
                    }
                }

                return items;
            default:
                File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' must be a list, not {YamlFile.Shape(node)}");
                return [];
        }
    }

    /// <summary>A map of names to single values.</summary>
    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Mapping(key) is not { } mapping)
        {
            return result;
        }

        foreach (var (k, v) in mapping.Children)
        {
            if (k is not YamlScalarNode { Value: { } name })
            {
                File.Error(DiagnosticCodes.InvalidValue, k, $"a key of '{key}' must be a name, not {YamlFile.Shape(k)}");
            }
            else if (v is not YamlScalarNode scalar)
            {
                File.Error(DiagnosticCodes.InvalidValue, v, $"'{key}.{name}' must be a single value, not {YamlFile.Shape(v)}");
            }
            else
            {
                result[name] = YamlFile.IsNull(v) ? string.Empty : scalar.Value ?? string.Empty;
            }
        }

        return result;
    }

    /// <summary>A list node.</summary>
    public YamlSequenceNode? Sequence(string key)
    {
        var node = Value(key);
        if (node is null or YamlSequenceNode)
        {
            return (YamlSequenceNode?)node;
        }

        File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' must be a list, not {YamlFile.Shape(node)}");
        return null;
    }

    /// <summary>A map node.</summary>
    public YamlMappingNode? Mapping(string key)
    {
        var node = Value(key);
        if (node is null or YamlMappingNode)
        {
            return (YamlMappingNode?)node;
        }

        File.Error(DiagnosticCodes.InvalidValue, node, $"'{key}' must be a map, not {YamlFile.Shape(node)}");
        return null;
    }

    /// <summary>One of a fixed set of words, mapped to its value; <paramref name="notYet"/> are words Weir plans to support.</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> values, IReadOnlyCollection<string>? notYet = null)
        where T : struct =>
        Word(key, [.. values.Keys], notYet) is { } word ? values[word] : null;

    /// <summary>One of a fixed set of words; <paramref name="notYet"/> are words Weir plans to support.</summary>
    public string? Word(string key, IReadOnlyList<string> values, IReadOnlyCollection<string>? notYet = null)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (values.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        var node = Value(key)!;
        var valid = $"valid values: {string.Join(", ", values)}";
        if (notYet is not null && notYet.Contains(text, StringComparer.Ordinal))
        {
            File.Error(DiagnosticCodes.InvalidValue, node, $"{key} '{text}' is not supported yet", valid);
        }
        else
        {
            var hint = NameSuggestions.DidYouMean(File.Show(node), values) is { } guess ? $"{guess} ({valid})" : valid;
            File.Error(DiagnosticCodes.InvalidValue, node, $"{key} '{File.Show(node)}' is not valid", hint);
        }

        return null;
    }

    private static string Describe(YamlNode node) => YamlFile.IsNull(node) ? "empty" : YamlFile.Shape(node);
}
