using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weir.Engine;
using Weir.Execution;
using Weir.Graph;
using Weir.DuckDb.Lake;
using Weir.Project;

namespace Weir.DuckDb;

/// <summary>
/// Builds assets in DuckDB: every source, seed and model becomes a table or view named exactly after the asset, in
/// schema <c>main</c>. Each build opens its own session, so builds of different assets may run in parallel.
/// </summary>
public sealed partial class DuckDbAssetBuilder : IAssetBuilder
{
    private const string Table = "TABLE";
    private const string View = "VIEW";

    private readonly DuckDbEngine _engine;
    private readonly string _projectRoot;
    private readonly LakeTables? _lake;
    private readonly ILogger _logger;

    /// <summary>Creates a builder.</summary>
    /// <param name="engine">The engine whose database receives the assets.</param>
    /// <param name="projectRoot">The project folder; relative source paths start there.</param>
    /// <param name="loggerFactory">Logging, or <see langword="null"/> for none.</param>
    public DuckDbAssetBuilder(DuckDbEngine engine, string projectRoot, ILoggerFactory? loggerFactory = null)
        : this(engine, projectRoot, lake: null, loggerFactory)
    {
    }

    /// <summary>
    /// Creates a builder that stores sources, seeds, table and incremental models as Delta tables in
    /// <paramref name="lake"/> (published in the engine as views of the same name); without a lake they are DuckDB tables.
    /// </summary>
    public DuckDbAssetBuilder(DuckDbEngine engine, string projectRoot, LakeTables? lake, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentException.ThrowIfNullOrEmpty(projectRoot);
        _engine = engine;
        _projectRoot = Path.GetFullPath(projectRoot);
        _lake = lake;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<DuckDbAssetBuilder>();
    }

    /// <inheritdoc />
    /// <exception cref="AssetBuildException">The asset cannot be built: bad SQL, missing file or column, bad value, …</exception>
    public async Task<BuildResult> BuildAsync(AssetNode asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        Log.BuildingAsset(_logger, asset.Kind, asset.Name);
        var session = await _engine.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var result = asset.Spec switch
        {
            SourceSpec source => await BuildSourceAsync(session, source, cancellationToken).ConfigureAwait(false),
            SeedSpec seed => await BuildSeedAsync(session, seed, cancellationToken).ConfigureAwait(false),
            ModelSpec model => await BuildModelAsync(session, model, cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"Assets of type {asset.Spec.GetType().Name} cannot be built by DuckDB."),
        };

        Log.BuiltAsset(_logger, asset.Name, result.Action);
        return result;
    }

    private async Task<BuildResult> BuildSourceAsync(ISqlSession session, SourceSpec source, CancellationToken cancellationToken)
    {
        var target = new BuildTarget(source.Name, "source", source.Location.ToString(), null, 0);
        if (source.IsDatabase)
        {
            return await BuildDatabaseSourceAsync(session, target, source, cancellationToken).ConfigureAwait(false);
        }

        if (source.Format == SourceFormat.Push)
        {
            return await BuildPushSourceAsync(session, target, source, cancellationToken).ConfigureAwait(false);
        }

        if (source.Http is { } http)
        {
            return await BuildHttpSourceAsync(session, target, source, http, cancellationToken).ConfigureAwait(false);
        }

        var path = Path.IsPathRooted(source.Path) ? source.Path : Path.Combine(_projectRoot, source.Path);
        if (source.Format == SourceFormat.Delta)
        {
            return await BuildDeltaSourceAsync(session, target, source, path, cancellationToken).ConfigureAwait(false);
        }

        return await BuildFileSourceAsync(session, target, source, path, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BuildResult> BuildSeedAsync(ISqlSession session, SeedSpec seed, CancellationToken cancellationToken)
    {
        var target = new BuildTarget(seed.Name, "seed", seed.Location.ToString(), null, 0);
        if (!File.Exists(seed.Path))
        {
            throw target.Fail($"the file {seed.Path} does not exist");
        }

        var reader = $"read_csv({_engine.QuoteLiteral(seed.Path)}, header = true)";
        var rows = await LoadAsync(session, target, seed, reader, seed.Path, cancellationToken).ConfigureAwait(false);
        return new BuildResult(rows, $"loaded {Count(rows, "row")} from 1 file");
    }

    /// <summary>
    /// Replaces the asset's table (in the lake when there is one, else in DuckDB) with what <paramref name="reader"/>
    /// reads, declared column types cast and declared columns required.
    /// </summary>
    /// <remarks>
    /// The files are read once: the table is created in a transaction and its columns checked against the declared
    /// ones before commit. Describing the reader first would make DuckDB sniff every file twice.
    /// </remarks>
    private async Task<long> LoadAsync(
        ISqlSession session, BuildTarget target, AssetSpec spec, string reader, string path, CancellationToken cancellationToken)
    {
        var casts = spec.Columns
            .Where(c => !string.IsNullOrWhiteSpace(c.Type))
            .Select(c => (Column: c.Name, Type: c.Type!.Trim()))
            .ToList();
        var select = $"SELECT {CastProjection(casts)} FROM {reader}";
        try
        {
            if (_lake is not null)
            {
                // A full refresh replaces the table, schema included: sources follow their data (issue 5 adds policies).
                var written = await WriteLakeAsync(session, target, spec, select, LakeWriteMode.Overwrite, SchemaChangePolicy.Overwrite,
                    [.. spec.Columns.Select(c => c.Name)], cancellationToken).ConfigureAwait(false);
                return written.Rows;
            }

            await InTransactionAsync(
                session,
                target,
                async () =>
                {
                    await CreateOrReplaceAsync(session, target, Table, select, cancellationToken).ConfigureAwait(false);
                    if (spec.Columns.Count > 0)
                    {
                        var loaded = await DescribeAsync(session, target, $"SELECT * FROM {Qualified(target.Name)}", cancellationToken)
                            .ConfigureAwait(false);
                        ThrowIfDeclaredColumnMissing(target, spec, loaded, path);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AssetBuildException exception)
            when (exception.InnerException is DuckDBException { ErrorType: not DuckDBErrorType.Conversion } && casts.Count > 0)
        {
            // Most likely a declared (typed) column the data lacks: say which, with the data's own columns.
            IReadOnlyList<(string Name, string Type)> columns = [];
            try
            {
                columns = await DescribeAsync(session, target, $"SELECT * FROM {reader}", cancellationToken).ConfigureAwait(false);
            }
            catch (AssetBuildException)
            {
                // The files themselves cannot be read: the original error says why.
            }

            if (columns.Count > 0)
            {
                ThrowIfDeclaredColumnMissing(target, spec, columns, path);
            }

            throw;
        }
        catch (AssetBuildException exception)
            when (casts.Count > 0 && exception.InnerException is DuckDBException { ErrorType: DuckDBErrorType.Conversion })
        {
            throw await ExplainCastFailureAsync(session, target, reader, casts, exception, cancellationToken).ConfigureAwait(false);
        }

        return await CountRowsAsync(session, target, cancellationToken).ConfigureAwait(false);
    }

    private static void ThrowIfDeclaredColumnMissing(
        BuildTarget target, AssetSpec spec, IReadOnlyList<(string Name, string Type)> columns, string path)
    {
        var missing = spec.Columns.FirstOrDefault(
            d => !columns.Any(c => string.Equals(c.Name, d.Name, StringComparison.OrdinalIgnoreCase)));
        if (missing is not null)
        {
            throw target.Fail(
                $"declared column \"{missing.Name}\" is not in the data read from {path}; " +
                $"its columns are {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}");
        }
    }

    /// <summary>
    /// Finds which declared columns hold values that do not convert, and how many rows, without putting row values
    /// in the message (DuckDB's own message quotes the value).
    /// </summary>
    private async Task<AssetBuildException> ExplainCastFailureAsync(
        ISqlSession session,
        BuildTarget target,
        string reader,
        List<(string Column, string Type)> casts,
        AssetBuildException original,
        CancellationToken cancellationToken)
    {
        var counts = string.Join(", ", casts.Select(c =>
            $"count(*) FILTER (WHERE {Quote(c.Column)} IS NOT NULL AND TRY_CAST({Quote(c.Column)} AS {c.Type}) IS NULL)"));
        QueryResult result;
        try
        {
            result = await session.QueryAsync($"SELECT {counts} FROM {reader}", null, cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException)
        {
            return original;
        }

        var failures = new List<string>();
        long worst = 0;
        for (var i = 0; i < casts.Count; i++)
        {
            var bad = Convert.ToInt64(result.Rows[0][i], CultureInfo.InvariantCulture);
            if (bad > 0)
            {
                worst = Math.Max(worst, bad);
                failures.Add($"column \"{casts[i].Column}\" to {casts[i].Type} ({Count(bad, "row")})");
            }
        }

        if (failures.Count == 0)
        {
            return original;
        }

        var subject = worst == 1 && failures.Count == 1 ? "a row" : "rows";
        return target.Fail(
            $"{subject} could not be converted: {string.Join(", ", failures)}; nothing was loaded",
            original.InnerException);
    }

    private async Task<BuildResult> BuildModelAsync(ISqlSession session, ModelSpec model, CancellationToken cancellationToken)
    {
        var sql = NormalizeSql(model.Sql);
        var target = new BuildTarget(model.Name, "model", model.SqlFile, model.SqlFile, sql.Split('\n').Length);
        switch (model.Materialized)
        {
            case Materialization.View:
                await CreateOrReplaceAsync(session, target, View, sql, cancellationToken).ConfigureAwait(false);
                return new BuildResult(null, "created view");
            case Materialization.Incremental when _lake is not null:
                return await BuildLakeIncrementalAsync(session, target, model, sql, cancellationToken).ConfigureAwait(false);
            case Materialization.Incremental:
                return await BuildIncrementalAsync(session, target, model, sql, cancellationToken).ConfigureAwait(false);
            case Materialization.Table when _lake is not null:
                var written = await WriteLakeAsync(session, target, model, sql, LakeWriteMode.Overwrite, model.OnSchemaChange, null, cancellationToken)
                    .ConfigureAwait(false);
                return LakeResult(model, "wrote", written);
            default:
                await CreateOrReplaceAsync(session, target, Table, sql, cancellationToken).ConfigureAwait(false);
                var rows = await CountRowsAsync(session, target, cancellationToken).ConfigureAwait(false);
                return new BuildResult(rows, "created table");
        }
    }

    /// <summary>
    /// <c>CREATE OR REPLACE</c> the asset as a table or view from <paramref name="select"/>, which starts on line 2 of
    /// the statement. When an object of the other kind stands in the way (a model switched between view and table),
    /// it is dropped and the asset created in one transaction.
    /// </summary>
    /// <remarks>
    /// The statement is tried first and the catalog consulted only when DuckDB refuses it: a lookup in
    /// <c>duckdb_tables()</c> before every build cost milliseconds per asset and grew with the catalog.
    /// </remarks>
    private async Task CreateOrReplaceAsync(
        ISqlSession session, BuildTarget target, string kind, string select, CancellationToken cancellationToken)
    {
        var create = $"CREATE OR REPLACE {kind} {Qualified(target.Name)} AS\n{select}";
        try
        {
            await session.ExecuteAsync(create, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (DuckDBException exception) when (IsKindClash(exception))
        {
            // Handled below: drop the object of the other kind, then create.
        }
        catch (DuckDBException exception)
        {
            throw target.Fail(exception, modelFromLine2: true);
        }

        var existing = kind == Table ? View : Table;
        await InTransactionAsync(
            session,
            target,
            async () =>
            {
                await ExecuteAsync(session, target, $"DROP {existing} {Qualified(target.Name)}", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(session, target, create, cancellationToken, modelFromLine2: true).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>DuckDB's refusal to replace a view with a table or the reverse.</summary>
    private static bool IsKindClash(DuckDBException exception) =>
        exception.ErrorType == DuckDBErrorType.Catalog
        && exception.Message.Contains("trying to replace with type", StringComparison.Ordinal);

    private async Task InTransactionAsync(ISqlSession session, BuildTarget target, Func<Task> work, CancellationToken cancellationToken)
    {
        await ExecuteAsync(session, target, "BEGIN TRANSACTION", cancellationToken).ConfigureAwait(false);
        try
        {
            await work().ConfigureAwait(false);
            await ExecuteAsync(session, target, "COMMIT", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                // Not cancellable: the transaction must end even when the build was canceled.
                await session.ExecuteAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
            }
            catch (DuckDBException rollbackFailure)
            {
                Log.RollbackFailed(_logger, rollbackFailure, target.Name);
            }

            throw;
        }
    }

    private async Task<IReadOnlyList<(string Name, string Type)>> DescribeAsync(
        ISqlSession session, BuildTarget target, string select, CancellationToken cancellationToken)
    {
        try
        {
            var result = await session.QueryAsync($"DESCRIBE {select}", null, cancellationToken).ConfigureAwait(false);
            return result.Rows.Select(r => ((string)r[0]!, (string)r[1]!)).ToArray();
        }
        catch (DuckDBException exception)
        {
            throw target.Fail(exception, modelFromLine2: false);
        }
    }

    private Task<long> CountRowsAsync(ISqlSession session, BuildTarget target, CancellationToken cancellationToken) =>
        ScalarInt64Async(session, target, $"SELECT count(*) FROM {Qualified(target.Name)}", cancellationToken);

    private static async Task<long> ScalarInt64Async(
        ISqlSession session, BuildTarget target, string sql, CancellationToken cancellationToken)
    {
        try
        {
            var value = await session.ScalarAsync(sql, cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
        catch (DuckDBException exception)
        {
            throw target.Fail(exception, modelFromLine2: false);
        }
    }

    private static async Task ExecuteAsync(
        ISqlSession session, BuildTarget target, string sql, CancellationToken cancellationToken, bool modelFromLine2 = false)
    {
        try
        {
            await session.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException exception)
        {
            throw target.Fail(exception, modelFromLine2);
        }
    }

    /// <summary>The model's SQL without trailing whitespace and semicolons, so it can be embedded in a statement.</summary>
    /// <summary>
    /// Every column, the declared ones cast to their type under their declared spelling: <c>*</c>, or
    /// <c>* REPLACE (CAST("amount" AS INTEGER) AS "amount", …)</c>.
    /// </summary>
    private string CastProjection(IReadOnlyList<(string Column, string Type)> casts) =>
        casts.Count == 0 ? "*" : $"* REPLACE ({string.Join(", ", casts.Select(c => $"CAST({Quote(c.Column)} AS {c.Type}) AS {Quote(c.Column)}"))})";

    private static string NormalizeSql(string sql) => sql.TrimEnd().TrimEnd(';', ' ', '\t', '\r', '\n');

    private string Quote(string identifier) => _engine.QuoteIdentifier(identifier);

    private string Qualified(string name) => "\"main\"." + _engine.QuoteIdentifier(name);

    private static string Count(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");
}
