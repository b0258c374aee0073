using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Values of Delta primitive types in the forms the lake needs: comparable .NET values for pruning (numbers as
/// <see cref="decimal"/> or <see cref="double"/>, dates as <see cref="DateOnly"/>, timestamps as microseconds since the
/// epoch in a <see cref="long"/>), partition value strings, statistics JSON and SQL literals.
/// </summary>
internal static class DeltaValues
{
    /// <summary>Longest string kept in statistics; a longer minimum is cut (still a lower bound), a longer maximum dropped.</summary>
    public const int MaxStatsStringLength = 256;

    private static readonly string[] s_dateTimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    ];

    /// <summary>
    /// Converts <paramref name="value"/> (a .NET value, a DuckDB text or a Delta partition string) to the comparable
    /// form of <paramref name="kind"/>. Returns false when it cannot be converted; a null value converts to null.
    /// </summary>
    public static bool TryConvert(DeltaValueKind kind, object? value, out object? comparable)
    {
        comparable = null;
        if (value is null or DBNull)
        {
            return true;
        }

        switch (kind)
        {
            case DeltaValueKind.Integer or DeltaValueKind.Decimal:
                return TryNumber(value, preferDouble: false, out comparable);
            case DeltaValueKind.Float:
                return TryNumber(value, preferDouble: true, out comparable);
            case DeltaValueKind.String:
                comparable = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
                return comparable is not null;
            case DeltaValueKind.Boolean:
                comparable = value switch
                {
                    bool b => b,
                    string s when s is "true" or "1" => true,
                    string s when s is "false" or "0" => false,
                    _ => null,
                };
                return comparable is not null;
            case DeltaValueKind.Date:
                comparable = value switch
                {
                    DateOnly d => d,
                    DateTime t => DateOnly.FromDateTime(t),
                    DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
                    string s when TryParseDate(s, out var d) => d,
                    _ => null,
                };
                return comparable is not null;
            case DeltaValueKind.Timestamp or DeltaValueKind.TimestampNtz:
                long? micros = value switch
                {
                    DateTimeOffset o => ToMicros(kind == DeltaValueKind.Timestamp ? o.UtcDateTime : o.DateTime),
                    DateTime t => ToMicros(kind == DeltaValueKind.Timestamp && t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t),
                    DateOnly d => ToMicros(d.ToDateTime(TimeOnly.MinValue)),
                    string s when TryParseTimestamp(s, out var parsed) => parsed,
                    _ => null,
                };
                comparable = micros;
                return micros is not null;
            default:
                return false;
        }
    }

    /// <summary>Orders two comparables of the same kind (numbers of either representation compare with each other).</summary>
    public static int Compare(object left, object right) => (left, right) switch
    {
        (decimal a, decimal b) => a.CompareTo(b),
        (decimal or double, decimal or double) => Convert.ToDouble(left, CultureInfo.InvariantCulture)
            .CompareTo(Convert.ToDouble(right, CultureInfo.InvariantCulture)),
        (string a, string b) => CompareCodePoints(a, b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (long a, long b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        _ => throw new InvalidOperationException($"Cannot compare {left.GetType().Name} with {right.GetType().Name}."),
    };

    /// <summary>
    /// The Delta partition value for DuckDB's partition key text: dates as yyyy-MM-dd, timestamp_ntz as
    /// <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c>, timestamp as ISO-8601 in UTC; an empty string is null (as the protocol says).
    /// </summary>
    public static string? ToPartitionValue(DeltaValueKind kind, string? duckDbText)
    {
        if (string.IsNullOrEmpty(duckDbText))
        {
            return null;
        }

        switch (kind)
        {
            case DeltaValueKind.TimestampNtz when TryParseTimestamp(duckDbText, out var micros):
                var local = FromMicros(micros);
                var format = local.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff";
                return local.ToString(format, CultureInfo.InvariantCulture);
            case DeltaValueKind.Timestamp when TryParseTimestamp(duckDbText, out var micros):
                return FromMicros(micros).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            default:
                return duckDbText;
        }
    }

    /// <summary>The SQL expression for a partition value, typed: <c>CAST('…' AS T)</c>.</summary>
    public static string PartitionValueSql(DeltaPrimitiveType type, string? value) =>
        value is null ? $"CAST(NULL AS {type.ToDuckDb()})" : $"CAST({SqlText.Literal(value)} AS {type.ToDuckDb()})";

    /// <summary>The SQL literal for a comparable of <paramref name="kind"/> (see <see cref="TryConvert"/>).</summary>
    public static string ToSql(DeltaValueKind kind, object? comparable)
    {
        switch (comparable)
        {
            case null:
                return "NULL";
            case decimal d:
                return d.ToString(CultureInfo.InvariantCulture);
            case double f:
                return $"CAST('{f.ToString("R", CultureInfo.InvariantCulture)}' AS DOUBLE)";
            case bool b:
                return b ? "true" : "false";
            case string s:
                return SqlText.Literal(s);
            case DateOnly date:
                return $"DATE '{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";
            case long micros when kind == DeltaValueKind.Timestamp:
                return $"TIMESTAMPTZ '{FromMicros(micros).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00'";
            case long micros:
                return $"TIMESTAMP '{FromMicros(micros).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}'";
            default:
                throw new ArgumentException($"Not a comparable value: {comparable.GetType().Name}.", nameof(comparable));
        }
    }

    /// <summary>
    /// DuckDB's statistics text as a Delta statistics value of <paramref name="kind"/>: numbers as JSON numbers, dates
    /// yyyy-MM-dd, timestamps ISO-8601 truncated to milliseconds (with Z for timestamp). Null when the value is not
    /// kept: non-finite floats, binaries, an over-long maximum string.
    /// </summary>
    public static JsonNode? ToStatistic(DeltaValueKind kind, string text, bool isMax)
    {
        switch (kind)
        {
            case DeltaValueKind.Integer or DeltaValueKind.Decimal:
                if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return JsonValue.Create(number);
                }

                return IsJsonInteger(text) ? JsonNode.Parse(text) : null;
            case DeltaValueKind.Float:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
                    ? JsonValue.Create(real)
                    : null;
            case DeltaValueKind.String:
                if (text.Length <= MaxStatsStringLength)
                {
                    return JsonValue.Create(text);
                }

                if (isMax)
                {
                    return null;
                }

                var cut = char.IsHighSurrogate(text[MaxStatsStringLength - 1]) ? MaxStatsStringLength - 1 : MaxStatsStringLength;
                return JsonValue.Create(text[..cut]);
            case DeltaValueKind.Boolean when text is "1" or "true" or "0" or "false":
                return JsonValue.Create(text is "1" or "true");
            case DeltaValueKind.Date when TryParseDate(text, out _):
                return JsonValue.Create(text);
            case DeltaValueKind.Timestamp or DeltaValueKind.TimestampNtz when TryParseTimestamp(text, out var micros):
                var format = kind == DeltaValueKind.Timestamp ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff";
                return JsonValue.Create(FromMicros(micros).ToString(format, CultureInfo.InvariantCulture));
            default:
                return null;
        }
    }

    /// <summary>The comparable for a statistics JSON value of <paramref name="kind"/>, or null when it cannot be read.</summary>
    public static object? FromStatistic(DeltaValueKind kind, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when kind is DeltaValueKind.Integer or DeltaValueKind.Decimal or DeltaValueKind.Float:
                if (kind != DeltaValueKind.Float && element.TryGetDecimal(out var number))
                {
                    return number;
                }

                return element.TryGetDouble(out var real) ? real : null;
            case JsonValueKind.True or JsonValueKind.False when kind == DeltaValueKind.Boolean:
                return element.GetBoolean();
            case JsonValueKind.String:
                return TryConvert(kind, element.GetString(), out var comparable) ? comparable : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads a timestamp as DuckDB or Delta prints it (<c>2024-01-01 10:00:00.5</c>, <c>…+00</c>, <c>…+05:30</c>,
    /// <c>2024-01-01T10:00:00.000Z</c>) into microseconds since the epoch, shifted to UTC when an offset is given.
    /// </summary>
    public static bool TryParseTimestamp(string text, out long micros)
    {
        micros = 0;
        var value = text.Trim().Replace('T', ' ');
        var offset = TimeSpan.Zero;
        if (value.EndsWith('Z'))
        {
            value = value[..^1];
        }
        else
        {
            var sign = value.LastIndexOfAny(['+', '-']);
            if (sign > 10)
            {
                if (!TryParseOffset(value[(sign + 1)..], out offset))
                {
                    return false;
                }

                offset = value[sign] == '-' ? -offset : offset;
                value = value[..sign];
            }
        }

        if (!DateTime.TryParseExact(value, s_dateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        micros = ToMicros(parsed - offset);
        return true;
    }

    private static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static DateTime FromMicros(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    private static long ToMicros(DateTime value) => (value.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static bool TryParseOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        var digits = text.Replace(":", string.Empty, StringComparison.Ordinal);
        if (digits.Length is not (2 or 4 or 6) || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var hours = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
        var seconds = digits.Length == 6 ? int.Parse(digits.AsSpan(4, 2), CultureInfo.InvariantCulture) : 0;
        offset = new TimeSpan(hours, minutes, seconds);
        return true;
    }

    private static bool TryNumber(object value, bool preferDouble, out object? comparable)
    {
        comparable = null;
        switch (value)
        {
            case string s:
                if (!preferDouble && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    comparable = d;
                }
                else if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && !double.IsNaN(f))
                {
                    comparable = f;
                }

                break;
            case double or float:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                comparable = double.IsNaN(real) ? null : real;
                break;
            case decimal or long or int or short or sbyte or byte or ushort or uint or ulong:
                comparable = preferDouble
                    ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
                    : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                break;
            case System.Numerics.BigInteger big:
                comparable = (double)big;
                break;
            case Int128 wide:
                comparable = (double)wide;
                break;
        }

        return comparable is not null;
    }

    private static bool IsJsonInteger(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        return digits.Length > 0 && !digits.ContainsAnyExcept("0123456789");
    }

    private static int CompareCodePoints(string left, string right)
    {
        // UTF-8 byte order (Parquet's and Spark's string order) equals code point order, not UTF-16 ordinal order.
        var a = left.EnumerateRunes();
        var b = right.EnumerateRunes();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }

            var order = a.Current.Value.CompareTo(b.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
