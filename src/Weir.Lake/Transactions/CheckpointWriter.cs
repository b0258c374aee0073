using System.Globalization;
using System.Text.Json;
using Weir.Lake.Log;
using Weir.Lake.Protocol;

namespace Weir.Lake.Transactions;

/// <summary>
/// Writes a classic V1 checkpoint (<c>n.checkpoint.parquet</c>) through the log's <see cref="ICheckpointFormat"/>, then
/// points <c>_last_checkpoint</c> at it.
/// </summary>
internal static class CheckpointWriter
{
    /// <summary>How long tombstones are kept when the table does not say (<c>delta.deletedFileRetentionDuration</c>).</summary>
    public static readonly TimeSpan DefaultTombstoneRetention = TimeSpan.FromDays(7);

    /// <summary>Writes the checkpoint of <paramref name="snapshot"/> unless one exists; returns its action count.</summary>
    public static async Task<int> WriteAsync(DeltaLog log, Snapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var actions = Actions(snapshot, now);
        var bytes = await log.CheckpointFormat.WriteAsync(actions, cancellationToken).ConfigureAwait(false);
        var key = log.LogPrefix + LogFileName.Checkpoint(snapshot.Version);

        // Another writer may have written the same checkpoint; both describe the same version, either will do.
        await log.Store.PutIfAbsentAsync(key, bytes, cancellationToken).ConfigureAwait(false);
        await UpdateLastCheckpointAsync(log, snapshot, actions.Count, bytes.Length, cancellationToken).ConfigureAwait(false);
        return actions.Count;
    }

    /// <summary>The tombstone retention of a table: <c>delta.deletedFileRetentionDuration</c>, else 7 days.</summary>
    public static TimeSpan TombstoneRetention(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue("delta.deletedFileRetentionDuration", out var text) && ParseInterval(text) is { } retention
            ? retention
            : DefaultTombstoneRetention;

    /// <summary>
    /// How long a table remembers an application's <c>txn</c> (<c>delta.setTransactionRetentionDuration</c>), or
    /// <see langword="null"/> for ever (the property unset or not an interval).
    /// </summary>
    public static TimeSpan? TransactionRetention(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue(TransactionRetentionProperty, out var text) ? ParseInterval(text) : null;

    /// <summary>The table property of <see cref="TransactionRetention"/>.</summary>
    public const string TransactionRetentionProperty = "delta.setTransactionRetentionDuration";

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

    /// <summary>
    /// The actions of the snapshot's checkpoint: its protocol, metadata, application versions, live files and the
    /// tombstones still within the retention.
    /// </summary>
    private static List<DeltaAction> Actions(Snapshot snapshot, DateTimeOffset now)
    {
        var actions = new List<DeltaAction> { new() { Protocol = snapshot.Protocol }, new() { Metadata = snapshot.Metadata } };
        var forgotten = TransactionRetention(snapshot.Metadata) is { } retention ? (now - retention).ToUnixTimeMilliseconds() : (long?)null;
        foreach (var (appId, version) in snapshot.AppVersions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            long? updated = snapshot.AppLastUpdated.TryGetValue(appId, out var time) ? time : null;
            // Under delta.setTransactionRetentionDuration (as Spark reads it), an application whose last txn is older than
            // the retention is forgotten; one whose writer did not record the time is kept.
            if (forgotten is { } cutoff && updated is { } last && last <= cutoff)
            {
                continue;
            }

            actions.Add(new DeltaAction { Transaction = new TransactionAction { AppId = appId, Version = version, LastUpdated = updated } });
        }

        actions.AddRange(snapshot.Files.Select(add => new DeltaAction { Add = add }));
        var expiry = (now - TombstoneRetention(snapshot.Metadata)).ToUnixTimeMilliseconds();
        foreach (var remove in snapshot.Tombstones)
        {
            // An expired one may already have had its file deleted by vacuum.
            if (remove.DeletionTimestamp is not { } deleted || deleted > expiry)
            {
                actions.Add(new DeltaAction { Remove = remove });
            }
        }

        return actions;
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
}
