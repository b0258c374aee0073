using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Weir.Cli.Rendering;

/// <summary>Writes machine-readable JSON to the data stream, indented, with values typed as JSON types where they can be.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter writer, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            write(json);
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        writer.Flush();
    }

    /// <summary>Writes rows as an array of objects, one property per header name.</summary>
    public static void WriteRows(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) =>
        Write(writer, json =>
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                WriteObject(json, header, row);
            }

            json.WriteEndArray();
        });

    /// <summary>Writes one row as an object, one property per header name.</summary>
    public static void WriteObject(Utf8JsonWriter json, IReadOnlyList<string> header, IReadOnlyList<object?> row)
    {
        json.WriteStartObject();
        for (var i = 0; i < header.Count; i++)
        {
            json.WritePropertyName(header[i]);
            WriteValue(json, row[i]);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes one engine value: numbers as numbers, booleans, null, dates in ISO 8601, the rest as strings.</summary>
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case BigInteger big:
                json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(ValueText.Format(value));
                break;
        }
    }
}
