using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Builds a Delta <c>stats</c> JSON (<c>numRecords</c>, <c>minValues</c>, <c>maxValues</c>, <c>nullCount</c>) from the
/// <c>column_statistics</c> map DuckDB's <c>COPY … RETURN_STATS</c> returns per file. That map is keyed by the quoted
/// column path (<c>"id"</c>, <c>"s"."a"</c>, <c>"l"."element"</c>) and holds min, max, null_count, num_values,
/// column_size_bytes and, for floats, has_nan — all as text. Lists and maps get no statistics (as in Spark).
/// </summary>
internal static class DeltaStatsBuilder
{
    private static readonly JsonSerializerOptions s_jsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Build(DeltaStructType dataSchema, long numRecords, object? columnStatistics)
    {
        var statistics = new Dictionary<string, IDictionary>(StringComparer.Ordinal);
        if (columnStatistics is IDictionary map)
        {
            foreach (DictionaryEntry entry in map)
            {
                if (entry.Key is string key && entry.Value is IDictionary values)
                {
                    statistics[key] = values;
                }
            }
        }

        var minValues = new JsonObject();
        var maxValues = new JsonObject();
        var nullCount = new JsonObject();
        Collect(dataSchema, prefix: null, statistics, minValues, maxValues, nullCount);
        var stats = new JsonObject
        {
            ["numRecords"] = numRecords,
            ["minValues"] = minValues,
            ["maxValues"] = maxValues,
            ["nullCount"] = nullCount,
        };
        return stats.ToJsonString(s_jsonOptions);
    }

    private static void Collect(
        DeltaStructType schema,
        string? prefix,
        Dictionary<string, IDictionary> statistics,
        JsonObject minValues,
        JsonObject maxValues,
        JsonObject nullCount)
    {
        foreach (var field in schema.Fields)
        {
            var key = (prefix is null ? string.Empty : prefix + ".") + SqlText.Identifier(field.Name);
            switch (field.Type)
            {
                case DeltaStructType nested:
                    var nestedMin = new JsonObject();
                    var nestedMax = new JsonObject();
                    var nestedNulls = new JsonObject();
                    Collect(nested, key, statistics, nestedMin, nestedMax, nestedNulls);
                    AddIfAny(minValues, field.Name, nestedMin);
                    AddIfAny(maxValues, field.Name, nestedMax);
                    AddIfAny(nullCount, field.Name, nestedNulls);
                    break;
                case DeltaPrimitiveType primitive when statistics.TryGetValue(key, out var values):
                    if (Text(values, "null_count") is { } nulls
                        && long.TryParse(nulls, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
                    {
                        nullCount[field.Name] = count;
                    }

                    if (Text(values, "has_nan") is "true" or "1")
                    {
                        break;
                    }

                    if (Text(values, "min") is { } min && DeltaValues.ToStatistic(primitive.Kind, min, isMax: false) is { } minNode)
                    {
                        minValues[field.Name] = minNode;
                    }

                    if (Text(values, "max") is { } max && DeltaValues.ToStatistic(primitive.Kind, max, isMax: true) is { } maxNode)
                    {
                        maxValues[field.Name] = maxNode;
                    }

                    break;
            }
        }
    }

    private static void AddIfAny(JsonObject target, string name, JsonObject nested)
    {
        if (nested.Count > 0)
        {
            target[name] = nested;
        }
    }

    private static string? Text(IDictionary values, string key) => values.Contains(key) ? values[key]?.ToString() : null;
}
