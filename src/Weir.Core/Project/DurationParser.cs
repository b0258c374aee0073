using System.Globalization;

namespace Weir.Project;

/// <summary>
/// Parses durations as written in YAML: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, or a plain number of seconds.
/// </summary>
public static class DurationParser
{
    /// <summary>How a valid duration looks, for hints.</summary>
    public const string Examples = "500ms, 30s, 5m, 1h, 1d or a number of seconds";

    /// <summary>Parses a non-negative duration; fractions are allowed (<c>1.5h</c>).</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var value = text.Trim();
        var (unit, scale) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => ("ms", 0.001),
            _ when value.EndsWith('s') => ("s", 1.0),
            _ when value.EndsWith('m') => ("m", 60.0),
            _ when value.EndsWith('h') => ("h", 3600.0),
            _ when value.EndsWith('d') => ("d", 86400.0),
            _ => (string.Empty, 1.0),
        };
        var number = value[..^unit.Length];
        if (number.Length == 0 ||
            !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var seconds = amount * scale;
        if (double.IsNaN(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
