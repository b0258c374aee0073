using System.Globalization;
using System.Text;

namespace Weir.Orchestration;

/// <summary>Short durations for people: <c>30s</c>, <c>1m30s</c>, <c>2h</c>, <c>250ms</c>.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMilliseconds}ms");
        }

        var text = new StringBuilder();
        Append(text, (long)value.TotalDays, 'd');
        Append(text, value.Hours, 'h');
        Append(text, value.Minutes, 'm');
        var seconds = value.Seconds + (value.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            text.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, long amount, char unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
