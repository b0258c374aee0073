using System.Collections;
using System.Globalization;
using System.Text;
using Parquet.Schema;
using Weir.Lake.Protocol;

namespace Weir.Lake.Log;

/// <summary>
/// The protocol's checkpoint schema for Parquet.Net, and its rows both ways: one row per action, each in its struct
/// column (<c>txn</c>, <c>add</c>, <c>remove</c>, <c>metaData</c>, <c>protocol</c>), maps as Parquet MAP
/// (<c>key_value</c>), lists as 3-level LIST, as Spark writes them. A row is read from dictionaries (structs and maps),
/// lists and primitives, so rows rendered as JSON read the same (<see cref="CheckpointJson"/>).
/// </summary>
internal static class CheckpointRows
{
    internal static readonly ParquetSchema Schema = new(
        new StructField("txn",
            new DataField<string>("appId", true),
            new DataField<long?>("version"),
            new DataField<long?>("lastUpdated")),
        new StructField("add",
            new DataField<string>("path", true),
            StringMap("partitionValues"),
            new DataField<long?>("size"),
            new DataField<long?>("modificationTime"),
            new DataField<bool?>("dataChange"),
            StringMap("tags"),
            new DataField<string>("stats", true)),
        new StructField("remove",
            new DataField<string>("path", true),
            new DataField<long?>("deletionTimestamp"),
            new DataField<bool?>("dataChange"),
            new DataField<bool?>("extendedFileMetadata"),
            StringMap("partitionValues"),
            new DataField<long?>("size")),
        new StructField("metaData",
            new DataField<string>("id", true),
            new DataField<string>("name", true),
            new DataField<string>("description", true),
            new StructField("format", new DataField<string>("provider", true), StringMap("options")),
            new DataField<string>("schemaString", true),
            new ListField("partitionColumns", new DataField<string>("element", true)),
            StringMap("configuration"),
            new DataField<long?>("createdTime")),
        new StructField("protocol",
            new DataField<int?>("minReaderVersion"),
            new DataField<int?>("minWriterVersion"),
            new ListField("readerFeatures", new DataField<string>("element", true)),
            new ListField("writerFeatures", new DataField<string>("element", true))));

    /// <summary>The action of one checkpoint row (its columns by name, structs and maps as dictionaries), or null.</summary>
    internal static DeltaAction? ToAction(IDictionary row)
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

    /// <summary>The Parquet.Net row of one action, in its struct column; maps sorted by key; null for a commitInfo.</summary>
    internal static IDictionary<string, object?>? ToRow(DeltaAction action)
    {
        if (action.Protocol is { } protocol)
        {
            return Row("protocol", new Dictionary<string, object>
            {
                ["minReaderVersion"] = protocol.MinReaderVersion,
                ["minWriterVersion"] = protocol.MinWriterVersion,
            }.With("readerFeatures", List(protocol.ReaderFeatures)).With("writerFeatures", List(protocol.WriterFeatures)));
        }

        if (action.Metadata is { } metadata)
        {
            return Row("metaData", new Dictionary<string, object>
            {
                ["id"] = metadata.Id,
                ["format"] = new Dictionary<string, object>
                {
                    ["provider"] = metadata.Format.Provider,
                    ["options"] = Map(metadata.Format.Options.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)),
                },
                ["schemaString"] = metadata.SchemaString,
                ["partitionColumns"] = List(metadata.PartitionColumns)!,
                ["configuration"] = Map(metadata.Configuration),
            }.With("name", metadata.Name).With("description", metadata.Description).With("createdTime", metadata.CreatedTime));
        }

        if (action.Transaction is { } txn)
        {
            return Row("txn", new Dictionary<string, object> { ["appId"] = txn.AppId, ["version"] = txn.Version }.With("lastUpdated", txn.LastUpdated));
        }

        if (action.Add is { } add)
        {
            return Row("add", new Dictionary<string, object>
            {
                ["path"] = add.Path,
                ["partitionValues"] = Map(add.PartitionValues),
                ["size"] = add.Size,
                ["modificationTime"] = add.ModificationTime,
                ["dataChange"] = add.DataChange,
            }.With("tags", add.Tags is null ? null : Map(add.Tags)).With("stats", add.Stats));
        }

        if (action.Remove is { } remove)
        {
            return Row("remove", new Dictionary<string, object>
            {
                ["path"] = remove.Path,
                ["dataChange"] = remove.DataChange,
            }.With("deletionTimestamp", remove.DeletionTimestamp)
                .With("extendedFileMetadata", remove.ExtendedFileMetadata)
                .With("partitionValues", remove.PartitionValues is null ? null : Map(remove.PartitionValues))
                .With("size", remove.Size));
        }

        return null;
    }

    private static Dictionary<string, object?> Row(string column, Dictionary<string, object> value) => new() { [column] = value };

    private static Dictionary<string, object> With(this Dictionary<string, object> values, string name, object? value)
    {
        if (value is not null)
        {
            values[name] = value;
        }

        return values;
    }

    private static Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?> Map(IReadOnlyDictionary<string, string?> values)
    {
        // Parquet.Net's untyped writer takes UTF-8 string map entries as ReadOnlyMemory<char>.
        var map = new Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?>();
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            map[key.AsMemory()] = value?.AsMemory();
        }

        return map;
    }

    private static Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?> Map(Dictionary<string, string?> values) =>
        Map((IReadOnlyDictionary<string, string?>)values);

    private static List<ReadOnlyMemory<char>?>? List(IEnumerable<string>? values) =>
        values is null ? null : [.. values.Select(v => (ReadOnlyMemory<char>?)v.AsMemory())];

    private static MapField StringMap(string name) =>
        new(name, new DataField<string>("key", false), new DataField<string>("value", true));
}
