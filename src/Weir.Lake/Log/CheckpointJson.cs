using System.Text.Json;
using Weir.Lake.Protocol;

namespace Weir.Lake.Log;

/// <summary>
/// Checkpoint rows as JSON, for an <see cref="ICheckpointFormat"/> whose Parquet reader renders rows as JSON objects of
/// their columns and whose writer reads newline-delimited JSON: the same mapping as <see cref="ParquetCheckpointFormat"/>.
/// </summary>
public static class CheckpointJson
{
    /// <summary>
    /// The action of one checkpoint row given as a JSON object of its columns (<c>{"txn":null,"add":{…},…}</c>; maps as
    /// objects, lists as arrays, other columns ignored), or <see langword="null"/> when the row holds none of
    /// <c>add</c>, <c>remove</c>, <c>txn</c>, <c>metaData</c>, <c>protocol</c>. A NULL required field reads as its
    /// default, as from Parquet.
    /// </summary>
    /// <exception cref="JsonException">The row is not a JSON object.</exception>
    public static DeltaAction? ParseRow(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? CheckpointRows.ToAction((Dictionary<string, object?>)ToValue(document.RootElement)!)
            : throw new JsonException($"A checkpoint row is {document.RootElement.ValueKind}, not an object.");
    }

    /// <summary>The actions as newline-delimited JSON, one action per line, as in a commit file.</summary>
    public static byte[] WriteRows(IEnumerable<DeltaAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return DeltaJson.SerializeCommit(actions);
    }

    private static object? ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => value.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
