using System.Text.Json.Serialization;

namespace Weir.Lake.Protocol;

/// <summary>The <c>protocol</c> action: the reader and writer versions (and table features) a table requires.</summary>
public sealed class ProtocolAction
{
    /// <summary>The lowest reader version that can read the table.</summary>
    [JsonPropertyName("minReaderVersion")]
    public int MinReaderVersion { get; set; } = 1;

    /// <summary>The lowest writer version that can write the table.</summary>
    [JsonPropertyName("minWriterVersion")]
    public int MinWriterVersion { get; set; } = 2;

    /// <summary>Reader features (reader version 3), or <see langword="null"/>.</summary>
    [JsonPropertyName("readerFeatures")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? ReaderFeatures { get; set; }

    /// <summary>Writer features (writer version 7), or <see langword="null"/>.</summary>
    [JsonPropertyName("writerFeatures")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? WriterFeatures { get; set; }
}
