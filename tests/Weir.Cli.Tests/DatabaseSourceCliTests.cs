using Microsoft.Data.Sqlite;

namespace Weir.Cli.Tests;

public sealed class DatabaseSourceCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Run_IncrementalSqliteSourceFromYaml_MergesNewAndChangedRowsOnEachRun()
    {
        _folder.Write("weir.yaml", "name: app\nrun:\n  threads: 2\n");
        _folder.Write("sources/app.yaml", """
            sources:
              - name: users
                kind: sqlite
                connection: ${APP_DB:-Data Source=app.db}
                table: users
                mode: incremental
                cursor: updated_at
                lookback: 1h
                primary_key: [id]
            """);
        _folder.Write("models/active_users.sql", "select id, name from users where active");
        await SqliteAsync("""
            CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, active BOOLEAN, updated_at TIMESTAMP);
            INSERT INTO users VALUES (1, 'ann', 1, '2026-01-01 10:00:00'), (2, 'bob', 0, '2026-01-01 11:00:00');
            """);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        await SqliteAsync("""
            UPDATE users SET active = 1, updated_at = '2026-01-01 12:00:00' WHERE id = 2;
            INSERT INTO users VALUES (3, 'cy', 1, '2026-01-01 11:30:00');
            """);

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path);
        var query = await CliRun.InvokeAsync("query", "-p", _folder.Path, "--format", "csv", "select id, name from active_users order by id");

        run.ExitCode.ShouldBe(0, run.ToString());
        query.ExitCode.ShouldBe(0, query.ToString());
        query.Output.ReplaceLineEndings("\n").Trim().ShouldBe("id,name\n1,ann\n2,bob\n3,cy");
    }

    [Fact]
    public async Task Run_SqliteSourceWithDeletesAndQuarantine_FlagsDeletedRowsAndQuarantinesBadOnes()
    {
        _folder.Write("weir.yaml", "name: app\nrun:\n  threads: 2\n");
        _folder.Write("sources/app.yaml", """
            sources:
              - name: users
                kind: sqlite
                connection: Data Source=app.db
                table: users
                mode: incremental
                cursor: updated_at
                primary_key: [id]
                detect_deletes: true
                max_bad_rows: 1
                columns:
                  - name: age
                    type: INTEGER
            """);
        await SqliteAsync("""
            CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age TEXT, updated_at TIMESTAMP);
            INSERT INTO users VALUES (1, 'ann', '30', '2026-01-01 10:00:00'), (2, 'bob', 'old', '2026-01-01 10:00:00'),
                                     (3, 'cy', '41', '2026-01-01 10:00:00');
            """);
        (await CliRun.InvokeAsync("run", "-p", _folder.Path)).ExitCode.ShouldBe(0);
        await SqliteAsync("DELETE FROM users WHERE id = 3");

        var run = await CliRun.InvokeAsync("run", "-p", _folder.Path);
        var users = await CliRun.InvokeAsync("query", "-p", _folder.Path, "--format", "csv", "select id, age, _weir_deleted from users order by id");
        var quarantine = await CliRun.InvokeAsync("query", "-p", _folder.Path, "--format", "csv", "select file, line, reason from users__quarantine order by loaded_at limit 1");

        run.ExitCode.ShouldBe(0, run.ToString());
        users.Output.ReplaceLineEndings("\n").Trim().ShouldBe("id,age,_weir_deleted\n1,30,false\n3,41,true");
        quarantine.Output.ReplaceLineEndings("\n").Trim().ShouldBe("file,line,reason\nusers,2,\"column \"\"age\"\": \"\"old\"\" is not INTEGER\"");
    }

    private async Task SqliteAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _folder.Combine("app.db"), Pooling = false }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
