using System.Text.Json;

namespace Weir.Lake.Protocol;

/// <summary>
/// Per-file statistics of an <c>add</c> action (its <c>stats</c> JSON): the row count and, per column, the minimum,
/// maximum and null count. Nested struct columns hold nested objects.
/// </summary>
public sealed class FileStats
{
    private static readonly IReadOnlyDictionary<string, JsonElement> s_empty = new Dictionary<string, JsonElement>();

    private FileStats()
    {
    }

    /// <summary>The number of records in the file, when recorded.</summary>
    public long? NumRecords { get; private init; }

    /// <summary>Whether the column bounds are tight (<see langword="null"/> when not recorded, which means tight).</summary>
    public bool? TightBounds { get; private init; }

    /// <summary>Minimum value per column name (a JSON value; an object for a struct column).</summary>
    public IReadOnlyDictionary<string, JsonElement> MinValues { get; private init; } = s_empty;

    /// <summary>Maximum value per column name.</summary>
    public IReadOnlyDictionary<string, JsonElement> MaxValues { get; private init; } = s_empty;

    /// <summary>Null count per column name (a number; an object for a struct column).</summary>
    public IReadOnlyDictionary<string, JsonElement> NullCount { get; private init; } = s_empty;

    /// <summary>Parses a <c>stats</c> string; <see langword="null"/> when it is null, empty or not a JSON object.</summary>
    public static FileStats? Parse(string? stats)
    {
        if (string.IsNullOrWhiteSpace(stats))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(stats);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new FileStats
            {
                NumRecords = DeltaJson.GetInt64(root, "numRecords"),
                TightBounds = root.TryGetProperty("tightBounds", out var tight) && tight.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? tight.GetBoolean()
                    : null,
                MinValues = Columns(root, "minValues"),
                MaxValues = Columns(root, "maxValues"),
                NullCount = Columns(root, "nullCount"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IReadOnlyDictionary<string, JsonElement> Columns(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return s_empty;
        }

        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in values.EnumerateObject())
        {
            result[property.Name] = property.Value.Clone();
        }

        return result;
    }
}
