using System.Text.Encodings.Web;
using System.Text.Json;
using Weir.Engine;

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
            EngineValues.WriteJson(json, row[i]);
        }

        json.WriteEndObject();
    }

}
