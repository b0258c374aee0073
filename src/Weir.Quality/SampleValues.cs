using System.Globalization;
using System.Numerics;

namespace Weir.Quality;

/// <summary>Turns engine values into plain values a sample can be stored and printed with (JSON-friendly).</summary>
internal static class SampleValues
{
    public static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        string or bool or long or double => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        sbyte sb => (long)sb,
        uint ui => (long)ui,
        ushort us => (long)us,
        ulong ul when ul <= long.MaxValue => (long)ul,
        float f => (double)f,
        decimal d => d,
        BigInteger big when big >= long.MinValue && big <= long.MaxValue => (long)big,
        DateTime dt => dt.ToString(dt.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("o", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
