using System.Globalization;
using System.Text.RegularExpressions;

namespace Weir.Graph;

/// <summary>
/// One selector of a selection: <c>[N]+</c>? <c>[method:]value</c> <c>+[N]</c>?, e.g. <c>+orders</c>, <c>tag:finance+</c>,
/// <c>2+model:report+1</c>. A <c>+</c> without a number means every generation.
/// </summary>
internal sealed partial class SelectorTerm
{
    /// <summary>The methods a selector may name; a bare value names an asset.</summary>
    public static readonly string[] Methods = ["tag", "source", "model", "seed"];

    private SelectorTerm(string text, string? method, string value)
    {
        Text = text;
        Method = method;
        Value = value;
    }

    /// <summary>The selector as typed.</summary>
    public string Text { get; }

    /// <summary><c>tag</c>, <c>source</c>, <c>model</c>, <c>seed</c>, or <see langword="null"/> for a plain asset name.</summary>
    public string? Method { get; }

    /// <summary>The asset name or tag.</summary>
    public string Value { get; }

    /// <summary>Whether upstream assets are added.</summary>
    public bool WithUpstream { get; private init; }

    /// <summary>How many generations upstream; <see langword="null"/> for all.</summary>
    public int? UpstreamDepth { get; private init; }

    /// <summary>Whether downstream assets are added.</summary>
    public bool WithDownstream { get; private init; }

    /// <summary>How many generations downstream; <see langword="null"/> for all.</summary>
    public int? DownstreamDepth { get; private init; }

    /// <summary>Parses one selector; <see langword="null"/> with an <paramref name="error"/> when malformed.</summary>
    public static SelectorTerm? Parse(string text, out string? error)
    {
        error = null;
        var match = Syntax().Match(text);
        if (!match.Success)
        {
            error = $"selector '{text}' is not valid";
            return null;
        }

        var body = match.Groups["body"].Value;
        string? method = null;
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            method = body[..colon].ToLowerInvariant();
            body = body[(colon + 1)..];
            if (!Methods.Contains(method, StringComparer.Ordinal))
            {
                error = $"selector '{text}' uses the unknown method '{method}'";
                return null;
            }
        }

        if (body.Length == 0)
        {
            error = $"selector '{text}' names nothing after '{method}:'";
            return null;
        }

        var up = match.Groups["up"];
        var down = match.Groups["down"];
        if (!TryDepth(up, out var upDepth) || !TryDepth(down, out var downDepth))
        {
            error = $"selector '{text}' has a depth that is too large";
            return null;
        }

        return new SelectorTerm(text, method, body)
        {
            WithUpstream = up.Success,
            UpstreamDepth = upDepth,
            WithDownstream = down.Success,
            DownstreamDepth = downDepth,
        };
    }

    private static bool TryDepth(Group group, out int? depth)
    {
        depth = null;
        var digits = group.Success ? group.Value.TrimEnd('+').TrimStart('+') : string.Empty;
        if (digits.Length == 0)
        {
            return true;
        }

        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            depth = value;
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^(?<up>\d*\+)?(?<body>[^+\s]+?)(?<down>\+\d*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
