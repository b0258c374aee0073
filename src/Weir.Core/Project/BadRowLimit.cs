using System.Globalization;

namespace Weir.Project;

/// <summary>
/// How many rows a file source may quarantine before its load fails (<c>max_bad_rows:</c>): a count of rows, or a
/// ratio of the rows read.
/// </summary>
/// <param name="Count">At most this many rows, when set.</param>
/// <param name="Ratio">At most this share (0 to 1) of the rows read, when set.</param>
public sealed record BadRowLimit(long? Count, double? Ratio)
{
    /// <summary>Whether <paramref name="quarantined"/> of <paramref name="read"/> rows is over the limit.</summary>
    public bool IsExceeded(long quarantined, long read) =>
        Count is { } count ? quarantined > count
        : Ratio is { } ratio && read > 0 && quarantined > ratio * read;

    /// <summary>The limit as people write it: <c>10 rows</c> or <c>1%</c>.</summary>
    public override string ToString() =>
        Count is { } count
            ? string.Create(CultureInfo.InvariantCulture, $"{count} row{(count == 1 ? string.Empty : "s")}")
            : string.Create(CultureInfo.InvariantCulture, $"{(Ratio ?? 0) * 100:0.###}%");

    /// <summary>
    /// Reads <c>10</c> (a count), <c>0.01</c> (a ratio below 1) or <c>1%</c> (a percentage); <see langword="null"/> when the
    /// text is none of these.
    /// </summary>
    public static BadRowLimit? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        if (value.EndsWith('%'))
        {
            return double.TryParse(value[..^1].TrimEnd(), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
                && percent is >= 0 and <= 100
                ? new BadRowLimit(null, percent / 100)
                : null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return new BadRowLimit(count, null);
        }

        return double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and < 1
            ? new BadRowLimit(null, ratio)
            : null;
    }
}
