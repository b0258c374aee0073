using System.Globalization;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// The highest cursor value an incremental database source has loaded, stored as text with its type in the lake
/// commit that loaded it (<c>weir.watermark</c>, <c>weir.watermark.type</c>).
/// </summary>
internal sealed class Watermark
{
    public const string ValueParameter = "weir.watermark";
    public const string TypeParameter = "weir.watermark.type";
    public const string LoadParameter = "weir.load";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF";

    private Watermark(object value) => Value = value;

    /// <summary>The cursor value, in the type the source reader returns (and takes as a parameter).</summary>
    public object Value { get; }

    /// <summary>A watermark from a cursor value, or <see langword="null"/> for a type that cannot be a cursor.</summary>
    public static Watermark? From(object? value) => value is null or bool or byte[] or Guid or TimeSpan or TimeOnly ? null : new Watermark(value);

    /// <summary>The larger of two watermarks (either may be absent).</summary>
    public static Watermark? Max(Watermark? a, Watermark? b) =>
        a is null ? b : b is null ? a : Compare(a.Value, b.Value) >= 0 ? a : b;

    /// <summary>
    /// Compares two cursor values of the same column; values of different numeric types (a column widened since the
    /// last load) compare as numbers, and values of otherwise different types by their text.
    /// </summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        _ when a.GetType() == b.GetType() && a is IComparable comparable => comparable.CompareTo(b),
        (short or int or long or decimal, short or int or long or decimal) =>
            Convert.ToDecimal(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(b, CultureInfo.InvariantCulture)),
        (short or int or long or float or double, short or int or long or float or double) =>
            Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
        _ => string.CompareOrdinal(new Watermark(a).ToString(), new Watermark(b).ToString()),
    };

    /// <summary>The watermark recorded in a commit's operation parameters, or <see langword="null"/>.</summary>
    public static Watermark? Parse(IReadOnlyDictionary<string, string>? parameters)
    {
        if (parameters is null || !parameters.TryGetValue(ValueParameter, out var text) || !parameters.TryGetValue(TypeParameter, out var type))
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        object? value = type switch
        {
            "timestamp" => DateTime.SpecifyKind(DateTime.ParseExact(text, TimestampFormat, inv), DateTimeKind.Unspecified),
            "timestamptz" => DateTime.SpecifyKind(DateTime.ParseExact(text.TrimEnd('Z'), TimestampFormat, inv), DateTimeKind.Utc),
            "date" => DateOnly.ParseExact(text, "yyyy-MM-dd", inv),
            "int16" => short.Parse(text, inv),
            "int32" => int.Parse(text, inv),
            "int64" => long.Parse(text, inv),
            "decimal" => decimal.Parse(text, NumberStyles.Number, inv),
            "double" => double.Parse(text, NumberStyles.Float, inv),
            "float" => float.Parse(text, NumberStyles.Float, inv),
            "text" => text,
            _ => null,
        };
        return value is null ? null : new Watermark(value);
    }

    /// <summary>The watermark as commit operation parameters.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToParameters()
    {
        var type = Value switch
        {
            DateTime { Kind: DateTimeKind.Utc } => "timestamptz",
            DateTime => "timestamp",
            DateOnly => "date",
            short => "int16",
            int => "int32",
            long => "int64",
            decimal => "decimal",
            double => "double",
            float => "float",
            _ => "text",
        };
        yield return new(ValueParameter, ToString());
        yield return new(TypeParameter, type);
    }

    /// <summary>
    /// The value a load reads from: the watermark less <paramref name="lookback"/>; a lookback needs a timestamp or date
    /// cursor, so this returns <see langword="null"/> for another with a non-zero lookback.
    /// </summary>
    public object? Less(TimeSpan? lookback) => (Value, lookback) switch
    {
        (_, null) => Value,
        (_, { } zero) when zero == TimeSpan.Zero => Value,
        (DateTime t, { } span) => t - span,
        (DateOnly d, { } span) => d.AddDays(-(int)Math.Ceiling(span.TotalDays)),
        _ => null,
    };

    /// <summary>The value as stored and shown: ISO 8601 for times (<c>Z</c> for UTC), invariant numbers.</summary>
    public override string ToString() => Value switch
    {
        DateTime { Kind: DateTimeKind.Utc } t => t.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "Z",
        DateTime t => t.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
