using System.Collections;
using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Serialization;
using Weir.Lake.Protocol;
using Weir.Storage;

namespace Weir.Lake.Log;

/// <summary>
/// Reads the actions of a Parquet checkpoint: one row per action, the action in its column's struct (<c>txn</c>,
/// <c>add</c>, <c>remove</c>, <c>metaData</c>, <c>protocol</c>). Other columns (<c>stats_parsed</c>,
/// <c>partitionValues_parsed</c>, <c>domainMetadata</c>, <c>commitInfo</c> of old writers, …) are ignored.
/// </summary>
internal static class CheckpointReader
{
    /// <exception cref="InvalidDataException">A part is missing or is not a readable checkpoint.</exception>
    public static async Task<List<DeltaAction>> ReadAsync(IObjectStore store, CheckpointFiles checkpoint, CancellationToken cancellationToken)
    {
        var actions = new List<DeltaAction>();
        foreach (var key in checkpoint.Keys)
        {
            var bytes = await store.GetAsync(key!, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"The checkpoint part '{key}' disappeared.");
            try
            {
                using var stream = new MemoryStream(bytes, writable: false);
                var result = await ParquetSerializer.DeserializeUntypedAsync(stream, new ParquetOptions(), null, cancellationToken)
                    .ConfigureAwait(false);
                foreach (var row in result.Data)
                {
                    if (ToAction(row) is { } action)
                    {
                        actions.Add(action);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not InvalidDataException)
            {
                throw new InvalidDataException($"The checkpoint part '{key}' is not a readable Parquet checkpoint: {e.Message}", e);
            }
        }

        return actions;
    }

    private static DeltaAction? ToAction(Dictionary<string, object> row)
    {
        if (Struct(row, "add") is { } add && Str(add, "path") is { } addPath)
        {
            return new DeltaAction
            {
                Add = new AddAction
                {
                    Path = addPath,
                    PartitionValues = Map(Get(add, "partitionValues")) ?? [],
                    Size = Long(Get(add, "size")) ?? 0,
                    ModificationTime = Long(Get(add, "modificationTime")) ?? 0,
                    DataChange = Bool(Get(add, "dataChange")) ?? false,
                    Stats = Str(add, "stats"),
                    Tags = Map(Get(add, "tags")),
                },
            };
        }

        if (Struct(row, "remove") is { } remove && Str(remove, "path") is { } removePath)
        {
            return new DeltaAction
            {
                Remove = new RemoveAction
                {
                    Path = removePath,
                    DeletionTimestamp = Long(Get(remove, "deletionTimestamp")),
                    DataChange = Bool(Get(remove, "dataChange")) ?? false,
                    ExtendedFileMetadata = Bool(Get(remove, "extendedFileMetadata")),
                    PartitionValues = Map(Get(remove, "partitionValues")),
                    Size = Long(Get(remove, "size")),
                },
            };
        }

        if (Struct(row, "txn") is { } txn && Str(txn, "appId") is { } appId)
        {
            return new DeltaAction
            {
                Transaction = new TransactionAction
                {
                    AppId = appId,
                    Version = Long(Get(txn, "version")) ?? 0,
                    LastUpdated = Long(Get(txn, "lastUpdated")),
                },
            };
        }

        if (Struct(row, "metaData") is { } metadata && Str(metadata, "id") is { } id)
        {
            var format = Struct(metadata, "format");
            return new DeltaAction
            {
                Metadata = new MetadataAction
                {
                    Id = id,
                    Name = Str(metadata, "name"),
                    Description = Str(metadata, "description"),
                    Format = new FormatSpec
                    {
                        Provider = (format is null ? null : Str(format, "provider")) ?? "parquet",
                        Options = (format is null ? null : Map(Get(format, "options")))?
                            .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!) ?? [],
                    },
                    SchemaString = Str(metadata, "schemaString") ?? string.Empty,
                    PartitionColumns = List(Get(metadata, "partitionColumns")) ?? [],
                    Configuration = Map(Get(metadata, "configuration")) ?? [],
                    CreatedTime = Long(Get(metadata, "createdTime")),
                },
            };
        }

        if (Struct(row, "protocol") is { } protocol && Long(Get(protocol, "minReaderVersion")) is { } reader)
        {
            return new DeltaAction
            {
                Protocol = new ProtocolAction
                {
                    MinReaderVersion = (int)reader,
                    MinWriterVersion = (int)(Long(Get(protocol, "minWriterVersion")) ?? 0),
                    ReaderFeatures = List(Get(protocol, "readerFeatures")),
                    WriterFeatures = List(Get(protocol, "writerFeatures")),
                },
            };
        }

        return null;
    }

    private static object? Get(IDictionary values, string name) => values.Contains(name) ? values[name] : null;

    private static IDictionary? Struct(IDictionary values, string name) => Get(values, name) as IDictionary;

    private static string? Str(IDictionary values, string name) => Text(Get(values, name));

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        ReadOnlyMemory<char> m => m.ToString(),
        Memory<char> m => m.ToString(),
        char[] c => new string(c),
        byte[] b => Encoding.UTF8.GetString(b),
        ReadOnlyMemory<byte> m => Encoding.UTF8.GetString(m.Span),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static long? Long(object? value) => value switch
    {
        null => null,
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        byte b => b,
        uint u => u,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    private static bool? Bool(object? value) => value switch
    {
        null => null,
        bool b => b,
        _ => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, string?>? Map(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case IDictionary dictionary:
                var map = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (Text(entry.Key) is { } key)
                    {
                        map[key] = Text(entry.Value);
                    }
                }

                return map;
            case IEnumerable entries and not string:
                // A map read as a list of key_value structs.
                var pairs = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    if (entry is IDictionary pair && Text(Get(pair, "key")) is { } key)
                    {
                        pairs[key] = Text(Get(pair, "value"));
                    }
                }

                return pairs;
            default:
                return null;
        }
    }

    private static List<string>? List(object? value) => value switch
    {
        null => null,
        string s => [s],
        IEnumerable items => [.. items.Cast<object?>().Select(Text).Where(t => t is not null).Select(t => t!)],
        _ => null,
    };
}
