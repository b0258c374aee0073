using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Weir.Lake.Protocol;

/// <summary>Reads and writes commit files: newline-delimited JSON, one action per line.</summary>
internal static class DeltaJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        // Valid JSON either way; the relaxed encoder keeps paths and schema strings readable ("+" and "<" unescaped).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Parses a commit file into its actions, in file order.</summary>
    /// <exception cref="JsonException">A line is not a JSON object.</exception>
    public static List<DeltaAction> ParseCommit(ReadOnlySpan<byte> utf8)
    {
        var actions = new List<DeltaAction>();
        while (!utf8.IsEmpty)
        {
            var end = utf8.IndexOf((byte)'\n');
            var line = end < 0 ? utf8 : utf8[..end];
            utf8 = end < 0 ? [] : utf8[(end + 1)..];
            line = line.Trim("\r \t"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            var action = JsonSerializer.Deserialize<DeltaAction>(line, Options)
                ?? throw new JsonException("A commit line is 'null'.");
            Normalize(action);
            actions.Add(action);
        }

        return actions;
    }

    /// <summary>Serializes actions as a commit file: one line each, each ending in a newline.</summary>
    public static byte[] SerializeCommit(IEnumerable<DeltaAction> actions)
    {
        var builder = new StringBuilder();
        foreach (var action in actions)
        {
            builder.Append(JsonSerializer.Serialize(action, Options)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Fills in required collections that another writer left out or wrote as null.</summary>
    public static void Normalize(DeltaAction action)
    {
        if (action.Add is { } add)
        {
            add.PartitionValues ??= [];
        }

        if (action.Metadata is { } metadata)
        {
            metadata.Format ??= new FormatSpec();
            metadata.Format.Options ??= [];
            metadata.PartitionColumns ??= [];
            metadata.Configuration ??= [];
            metadata.SchemaString ??= string.Empty;
        }
    }

    /// <summary>Reads a string property of a JSON object, or <see langword="null"/>.</summary>
    public static string? GetString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Reads a whole-number property (a JSON number or a numeric string), or <see langword="null"/>.</summary>
    public static long? GetInt64(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    /// <summary>Renders a JSON value as text: a string as itself, anything else as its JSON.</summary>
    public static string ToText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();
}
