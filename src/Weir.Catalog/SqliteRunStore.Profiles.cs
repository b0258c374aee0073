using System.Text.Json;
using System.Text.Json.Serialization;
using Weir.Checks;

namespace Weir.Catalog;

public sealed partial class SqliteRunStore
{
    private static readonly JsonSerializerOptions s_profileJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A mean or a histogram bound of an extreme column may be infinite; keep it rather than fail the save.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <inheritdoc />
    /// <remarks>The columns are stored as one JSON document per profile (<c>profiles.columns_json</c>).</remarks>
    public async Task SaveProfileAsync(TableProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var json = JsonSerializer.Serialize(profile.Columns, s_profileJson);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = _connection.CreateCommand();
            await using var commandScope = command.ConfigureAwait(false);
            command.CommandText = """
                INSERT INTO profiles (asset, run_id, profiled_at, row_count, columns_json)
                VALUES ($asset, $run_id, $profiled_at, $row_count, $columns_json);
                """;
            command.Parameters.AddWithValue("$asset", profile.Asset);
            command.Parameters.AddWithValue("$run_id", SqliteValues.OrNull(profile.RunId));
            command.Parameters.AddWithValue("$profiled_at", SqliteValues.ToText(profile.ProfiledAt));
            command.Parameters.AddWithValue("$row_count", profile.RowCount);
            command.Parameters.AddWithValue("$columns_json", json);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Asset names match ignoring case; profiles taken at the same instant come newest-saved first.</remarks>
    public async Task<IReadOnlyList<TableProfile>> GetProfilesAsync(string asset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(
            () => RowsAsync(
                """
                SELECT asset, run_id, profiled_at, row_count, columns_json
                FROM profiles WHERE asset = $asset
                ORDER BY profiled_at DESC, seq DESC LIMIT $limit;
                """,
                reader => new TableProfile
                {
                    Asset = reader.GetString(0),
                    RunId = reader.IsDBNull(1) ? null : reader.GetString(1),
                    ProfiledAt = SqliteValues.ToDateTimeOffset(reader.GetString(2)),
                    RowCount = reader.GetInt64(3),
                    Columns = JsonSerializer.Deserialize<List<ColumnProfile>>(reader.GetString(4), s_profileJson)
                        ?? throw new InvalidDataException($"The stored profile of '{asset}' has no columns."),
                },
                cancellationToken,
                ("$asset", asset),
                ("$limit", limit)),
            cancellationToken).ConfigureAwait(false);
    }
}
