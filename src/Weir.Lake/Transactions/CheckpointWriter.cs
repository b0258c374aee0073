using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using Weir.Lake.Log;
using Weir.Lake.Protocol;

namespace Weir.Lake.Transactions;

/// <summary>
/// Writes a classic V1 checkpoint (<c>n.checkpoint.parquet</c>) in the protocol's checkpoint schema: one row per action,
/// each in its struct column (<c>txn</c>, <c>add</c>, <c>remove</c>, <c>metaData</c>, <c>protocol</c>), maps as Parquet
/// MAP (<c>key_value</c>), lists as 3-level LIST, as Spark writes them. Then points <c>_last_checkpoint</c> at it.
/// </summary>
internal static class CheckpointWriter
{
    /// <summary>How long tombstones are kept when the table does not say (<c>delta.deletedFileRetentionDuration</c>).</summary>
    public static readonly TimeSpan DefaultTombstoneRetention = TimeSpan.FromDays(7);

    private static readonly ParquetSchema s_schema = new(
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

    /// <summary>Writes the checkpoint of <paramref name="snapshot"/> unless one exists; returns its action count.</summary>
    public static async Task<int> WriteAsync(DeltaLog log, Snapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = Rows(snapshot, now);
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await ParquetSerializer.SerializeUntypedAsync(rows, s_schema, buffer,
                new ParquetOptions { CompressionMethod = CompressionMethod.Zstd }, null, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        var key = log.LogPrefix + LogFileName.Checkpoint(snapshot.Version);

        // Another writer may have written the same checkpoint; both describe the same version, either will do.
        await log.Store.PutIfAbsentAsync(key, bytes, cancellationToken).ConfigureAwait(false);
        await UpdateLastCheckpointAsync(log, snapshot, rows.Count, bytes.Length, cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>The tombstone retention of a table: <c>delta.deletedFileRetentionDuration</c>, else 7 days.</summary>
    public static TimeSpan TombstoneRetention(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue("delta.deletedFileRetentionDuration", out var text) && ParseInterval(text) is { } retention
            ? retention
            : DefaultTombstoneRetention;

    /// <summary>Parses a Delta interval such as <c>interval 7 days</c> or <c>interval 12 hours</c>.</summary>
    internal static TimeSpan? ParseInterval(string? text)
    {
        var parts = (text ?? string.Empty).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !string.Equals(parts[0], "interval", StringComparison.OrdinalIgnoreCase)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return parts[2].ToLowerInvariant().TrimEnd('s') switch
        {
            "week" => TimeSpan.FromDays(7 * n),
            "day" => TimeSpan.FromDays(n),
            "hour" => TimeSpan.FromHours(n),
            "minute" => TimeSpan.FromMinutes(n),
            "second" => TimeSpan.FromSeconds(n),
            "millisecond" => TimeSpan.FromMilliseconds(n),
            _ => null,
        };
    }

    private static List<IDictionary<string, object?>> Rows(Snapshot snapshot, DateTimeOffset now)
    {
        var rows = new List<IDictionary<string, object?>>();
        var protocol = snapshot.Protocol;
        rows.Add(Row("protocol", new Dictionary<string, object>
        {
            ["minReaderVersion"] = protocol.MinReaderVersion,
            ["minWriterVersion"] = protocol.MinWriterVersion,
        }.With("readerFeatures", List(protocol.ReaderFeatures)).With("writerFeatures", List(protocol.WriterFeatures))));

        var metadata = snapshot.Metadata;
        rows.Add(Row("metaData", new Dictionary<string, object>
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
        }.With("name", metadata.Name).With("description", metadata.Description).With("createdTime", metadata.CreatedTime)));

        foreach (var (appId, version) in snapshot.AppVersions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            rows.Add(Row("txn", new Dictionary<string, object> { ["appId"] = appId, ["version"] = version }));
        }

        foreach (var add in snapshot.Files)
        {
            rows.Add(Row("add", new Dictionary<string, object>
            {
                ["path"] = add.Path,
                ["partitionValues"] = Map(add.PartitionValues),
                ["size"] = add.Size,
                ["modificationTime"] = add.ModificationTime,
                ["dataChange"] = add.DataChange,
            }.With("tags", add.Tags is null ? null : Map(add.Tags)).With("stats", add.Stats)));
        }

        var expiry = (now - TombstoneRetention(metadata)).ToUnixTimeMilliseconds();
        foreach (var remove in snapshot.Tombstones)
        {
            if (remove.DeletionTimestamp is { } deleted && deleted <= expiry)
            {
                continue; // Expired: vacuum may already have deleted the file.
            }

            rows.Add(Row("remove", new Dictionary<string, object>
            {
                ["path"] = remove.Path,
                ["dataChange"] = remove.DataChange,
            }.With("deletionTimestamp", remove.DeletionTimestamp)
                .With("extendedFileMetadata", remove.ExtendedFileMetadata)
                .With("partitionValues", remove.PartitionValues is null ? null : Map(remove.PartitionValues))
                .With("size", remove.Size)));
        }

        return rows;
    }

    private static async Task UpdateLastCheckpointAsync(DeltaLog log, Snapshot snapshot, int size, long sizeInBytes, CancellationToken cancellationToken)
    {
        var key = log.LogPrefix + LogFileName.LastCheckpoint;
        var existing = await log.Store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            try
            {
                using var document = JsonDocument.Parse(existing);
                if (DeltaJson.GetInt64(document.RootElement, "version") >= snapshot.Version)
                {
                    return; // A newer checkpoint is already the hint; never move it back.
                }
            }
            catch (JsonException)
            {
                // Corrupt: replace it.
            }
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, long>
        {
            ["version"] = snapshot.Version,
            ["size"] = size,
            ["sizeInBytes"] = sizeInBytes,
            ["numOfAddFiles"] = snapshot.Files.Count,
        }, DeltaJson.Options);
        await log.Store.PutAsync(key, json, cancellationToken).ConfigureAwait(false);
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
