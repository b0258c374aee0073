using System.Globalization;
using System.Text;

namespace Weir.Lake.Protocol;

/// <summary>
/// Partition values as the protocol serializes them ("Partition Value Serialization"): every value is a string in
/// <c>partitionValues</c> (not URL-encoded; only the file path is), an empty string or JSON null is a null value.
/// </summary>
public static class PartitionValue
{
    /// <summary>The folder name Hive-style layouts use for a null partition value.</summary>
    public const string HiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    private static readonly string[] s_timestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// Turns a serialized partition value into a typed value for the column's Delta type: <see cref="string"/>,
    /// <see cref="long"/>, <see cref="int"/>, <see cref="short"/>, <see cref="sbyte"/>, <see cref="float"/>,
    /// <see cref="double"/>, <see cref="decimal"/>, <see cref="bool"/>, <see cref="DateOnly"/> (date),
    /// <see cref="DateTimeOffset"/> in UTC (timestamp; a value without an offset is read as UTC),
    /// <see cref="DateTime"/> of unspecified kind (timestamp_ntz) or <see cref="T:byte[]"/> (binary).
    /// </summary>
    /// <returns><see langword="null"/> for a null or empty value.</returns>
    /// <exception cref="FormatException">The value does not parse as the type.</exception>
    /// <exception cref="NotSupportedException">The type cannot be a partition column type.</exception>
    public static object? Parse(string? value, string deltaType)
    {
        ArgumentNullException.ThrowIfNull(deltaType);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var type = deltaType.Trim().ToLowerInvariant();
        var inv = CultureInfo.InvariantCulture;
        try
        {
            switch (type)
            {
                case "string": return value;
                case "long": return long.Parse(value, NumberStyles.Integer, inv);
                case "integer": return int.Parse(value, NumberStyles.Integer, inv);
                case "short": return short.Parse(value, NumberStyles.Integer, inv);
                case "byte": return sbyte.Parse(value, NumberStyles.Integer, inv);
                case "float": return float.Parse(value, NumberStyles.Float, inv);
                case "double": return double.Parse(value, NumberStyles.Float, inv);
                case "boolean": return bool.Parse(value);
                case "date": return DateOnly.ParseExact(value, "yyyy-MM-dd", inv);
                case "timestamp":
                    return DateTimeOffset.ParseExact(value, s_timestampFormats, inv,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                case "timestamp_ntz":
                    return DateTime.ParseExact(value, s_timestampFormats, inv, DateTimeStyles.None);
                case "binary": return Encoding.Latin1.GetBytes(value);
            }

            if (type.StartsWith("decimal", StringComparison.Ordinal))
            {
                return decimal.Parse(value, NumberStyles.Float, inv);
            }
        }
        catch (OverflowException e)
        {
            throw new FormatException($"The partition value '{value}' is out of range for the type {deltaType}.", e);
        }
        catch (FormatException e)
        {
            throw new FormatException($"The partition value '{value}' is not a valid {deltaType}.", e);
        }

        throw new NotSupportedException($"The Delta type '{deltaType}' cannot be a partition column type.");
    }

    /// <summary>
    /// Serializes a typed value for <c>partitionValues</c> (the inverse of <see cref="Parse"/>): numbers in invariant
    /// culture, booleans as <c>true</c>/<c>false</c>, dates as <c>yyyy-MM-dd</c>, timestamps as ISO 8601 in UTC
    /// (<c>1970-01-01T00:00:00.123456Z</c>, the recommended form), timestamp_ntz as <c>yyyy-MM-dd HH:mm:ss.ffffff</c>.
    /// </summary>
    /// <returns><see langword="null"/> for a null value.</returns>
    public static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        DateTime t when t.Kind == DateTimeKind.Utc => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        byte[] bytes => Encoding.Latin1.GetString(bytes),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// The Hive-style folder name for a partition value: <c>column=value</c> with the characters Hive escapes
    /// (controls, <c>"#%'*/:=?\{[]^</c> and DEL) percent-encoded, and <see cref="HiveDefaultPartition"/> for null or
    /// empty. Encode the whole relative path with <see cref="DeltaPath.Encode"/> before writing it to an action.
    /// </summary>
    public static string ToPathSegment(string column, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        return string.IsNullOrEmpty(value) ? $"{Escape(column)}={HiveDefaultPartition}" : $"{Escape(column)}={Escape(value)}";
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < ' ' || c == '\u007f' || "\"#%'*/:=?\\{[]^".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
