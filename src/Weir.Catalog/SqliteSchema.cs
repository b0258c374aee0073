using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Weir.Catalog;

/// <summary>
/// The metadata database's schema as an ordered list of migrations; <c>schema_version</c> records the ones applied.
/// A migration is never edited once released: a change is a new entry at the end.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE runs (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id       TEXT NOT NULL UNIQUE,
            command      TEXT NOT NULL,
            selector     TEXT NULL,
            resumed_from TEXT NULL,
            started_at   TEXT NOT NULL,
            ended_at     TEXT NULL,
            status       TEXT NOT NULL
        );
        CREATE INDEX ix_runs_started_at ON runs (started_at, seq);

        CREATE TABLE run_assets (
            run_id     TEXT NOT NULL REFERENCES runs (run_id),
            asset      TEXT NOT NULL COLLATE NOCASE,
            status     TEXT NOT NULL,
            attempts   INTEGER NOT NULL,
            started_at TEXT NULL,
            ended_at   TEXT NULL,
            row_count  INTEGER NULL,
            error      TEXT NULL,
            PRIMARY KEY (run_id, asset)
        );

        CREATE TABLE check_results (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id       TEXT NOT NULL REFERENCES runs (run_id),
            asset        TEXT NOT NULL,
            column_name  TEXT NULL,
            check_type   TEXT NOT NULL,
            severity     TEXT NOT NULL,
            status       TEXT NOT NULL,
            failing_rows INTEGER NOT NULL,
            message      TEXT NULL,
            duration_ms  REAL NOT NULL
        );
        CREATE INDEX ix_check_results_run_id ON check_results (run_id, seq);
        """,
        """
        ALTER TABLE run_assets ADD COLUMN detail TEXT NULL;
        """,
        """
        ALTER TABLE run_assets ADD COLUMN rows_read INTEGER NULL;
        ALTER TABLE run_assets ADD COLUMN rows_loaded INTEGER NULL;
        ALTER TABLE run_assets ADD COLUMN rows_quarantined INTEGER NULL;
        ALTER TABLE run_assets ADD COLUMN bytes_read INTEGER NULL;
        ALTER TABLE run_assets ADD COLUMN files INTEGER NULL;
        ALTER TABLE run_assets ADD COLUMN watermark_before TEXT NULL;
        ALTER TABLE run_assets ADD COLUMN watermark_after TEXT NULL;
        ALTER TABLE run_assets ADD COLUMN delta_version INTEGER NULL;

        CREATE TABLE schema_changes (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            asset       TEXT NOT NULL COLLATE NOCASE,
            version     INTEGER NOT NULL,
            changed_at  TEXT NOT NULL,
            run_id      TEXT NULL REFERENCES runs (run_id),
            change      TEXT NOT NULL,
            column_name TEXT NOT NULL,
            old_type    TEXT NULL,
            new_type    TEXT NULL
        );
        CREATE INDEX ix_schema_changes_asset ON schema_changes (asset, version, seq);
        """,
        """
        ALTER TABLE check_results ADD COLUMN rows_checked INTEGER NULL;
        ALTER TABLE check_results ADD COLUMN sample TEXT NULL;
        CREATE INDEX ix_check_results_asset ON check_results (asset, check_type, seq);
        CREATE INDEX ix_run_assets_asset_status ON run_assets (asset, status, ended_at);
        """,
        """
        CREATE TABLE profiles (
            seq          INTEGER PRIMARY KEY AUTOINCREMENT,
            asset        TEXT NOT NULL COLLATE NOCASE,
            run_id       TEXT NULL,
            profiled_at  TEXT NOT NULL,
            row_count    INTEGER NOT NULL,
            columns_json TEXT NOT NULL
        );
        CREATE INDEX ix_profiles_asset ON profiles (asset, profiled_at, seq);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => s_migrations.Length;

    /// <summary>Sets the connection's pragmas and brings the schema up to <see cref="CurrentVersion"/>.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer Weir.</exception>
    public static async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // busy_timeout first: switching to WAL and migrating both take locks another process may hold.
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 5000;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        // In WAL mode NORMAL keeps the database consistent after a crash and skips the fsync on every commit.
        await ExecuteAsync(connection, "PRAGMA synchronous = NORMAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA foreign_keys = ON;", cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE: two processes opening a new database at once migrate one after the other.
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken)
            .ConfigureAwait(false);

        var version = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The metadata database has schema version {version}; this Weir knows up to {CurrentVersion}. Upgrade Weir."));
        }

        for (var i = version; i < CurrentVersion; i++)
        {
            await ExecuteAsync(connection, s_migrations[i], cancellationToken).ConfigureAwait(false);
            var insert = connection.CreateCommand();
            await using var insertScope = insert.ConfigureAwait(false);
            insert.CommandText = "INSERT INTO schema_version (version) VALUES ($version);";
            insert.Parameters.AddWithValue("$version", i + 1);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
