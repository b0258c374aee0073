using System.Text.Json;
using Weir.Engine;

namespace Weir.Catalog;

/// <summary>A check result's sample of failing rows as stored: a JSON array of objects (column name → plain value).</summary>
internal static class CheckSampleJson
{
    public static string? Write(IReadOnlyList<IReadOnlyDictionary<string, object?>>? sample)
    {
        if (sample is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (var row in sample)
            {
                json.WriteStartObject();
                foreach (var (name, value) in row)
                {
                    json.WritePropertyName(name);
                    EngineValues.WriteJson(json, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                row[property.Name] = ReadValue(property.Value);
            }

            rows.Add(row);
        }

        return rows;
    }


    private static object? ReadValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.TryGetInt64(out var l) ? (object)l : value.GetDouble(),
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
