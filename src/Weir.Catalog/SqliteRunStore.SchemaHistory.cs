using Microsoft.Data.Sqlite;
using Weir.Runs;

namespace Weir.Catalog;

public sealed partial class SqliteRunStore
{
    /// <inheritdoc />
    /// <remarks>The change kinds are stored as lower-case text (<c>added</c>, <c>widened</c>, …).</remarks>
    public async Task SaveSchemaChangesAsync(string runId, IReadOnlyList<SchemaChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var command = _connection.CreateCommand();
            await using var commandScope = command.ConfigureAwait(false);
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO schema_changes (asset, version, changed_at, run_id, change, column_name, old_type, new_type)
                VALUES ($asset, $version, $changed_at, $run_id, $change, $column_name, $old_type, $new_type);
                """;
            foreach (var name in new[] { "$asset", "$version", "$changed_at", "$run_id", "$change", "$column_name", "$old_type", "$new_type" })
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            var p = command.Parameters;
            foreach (var change in changes)
            {
                p[0].Value = change.Asset;
                p[1].Value = change.Version;
                p[2].Value = SqliteValues.ToText(change.ChangedAt);
                p[3].Value = runId;
                p[4].Value = change.Kind.ToString().ToLowerInvariant();
                p[5].Value = change.Column;
                p[6].Value = SqliteValues.OrNull(change.OldType);
                p[7].Value = SqliteValues.OrNull(change.NewType);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchemaChange>> GetSchemaChangesAsync(string asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return await ReadAsync(
            () => RowsAsync(
                """
                SELECT asset, version, changed_at, run_id, change, column_name, old_type, new_type
                FROM schema_changes WHERE asset = $asset ORDER BY version, seq;
                """,
                reader => new SchemaChange
                {
                    Asset = reader.GetString(0),
                    Version = reader.GetInt64(1),
                    ChangedAt = SqliteValues.ToDateTimeOffset(reader.GetString(2)),
                    RunId = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Kind = Enum.Parse<SchemaChangeKind>(reader.GetString(4), ignoreCase: true),
                    Column = reader.GetString(5),
                    OldType = reader.IsDBNull(6) ? null : reader.GetString(6),
                    NewType = reader.IsDBNull(7) ? null : reader.GetString(7),
                },
                cancellationToken,
                ("$asset", asset)),
            cancellationToken).ConfigureAwait(false);
    }
}
