using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weir.Checks;
using Weir.Engine;
using Weir.Graph;
using Weir.Project;
using Weir.Quality.Compilation;

namespace Weir.Quality;

/// <summary>
/// Runs the checks of an asset against its table or view through an <see cref="ISqlEngine"/>.
/// </summary>
/// <remarks>
/// The checks are compiled to as few statements as possible: one fused scan computes every aggregate-able check
/// (<c>not_null</c>, <c>accepted_values</c>, <c>range</c>, <c>regex</c>, <c>length</c>, <c>expression</c>,
/// <c>completeness</c>, <c>row_count</c>, <c>freshness</c> of a column, the current metric of <c>anomaly</c> and the
/// binned counts of <c>drift</c>), each with its <c>where</c> as a FILTER; one grouped query computes every unfiltered
/// <c>unique</c> check; <c>relationships</c>, <c>sql</c> and filtered <c>unique</c> checks run one query each, and
/// <c>schema</c> reads the catalog. Only a check that fails costs one more query: a sample of its failing rows.
/// When a shared query fails (say a column does not exist), its checks run one by one, so only the bad check reports
/// <see cref="CheckStatus.Error"/>. The runner is thread-safe: each call opens its own session.
/// </remarks>
public sealed class CheckRunner : ICheckRunner
{
    private readonly ISqlEngine _engine;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CheckCompiler _compiler;
    private readonly CheckRunnerOptions _options;

    /// <summary>Creates a runner.</summary>
    /// <param name="engine">The engine the asset's table lives in (its default schema).</param>
    /// <param name="time">Measures each check's duration and gives "now" to freshness; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when <see langword="null"/>.</param>
    /// <param name="options">Sample size, run store and profile store; defaults when <see langword="null"/>.</param>
    public CheckRunner(
        ISqlEngine engine, TimeProvider? time = null, ILoggerFactory? loggerFactory = null, CheckRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CheckRunner>();
        _compiler = CheckCompiler.For(engine);
        _options = options ?? new CheckRunnerOptions();
    }

    /// <inheritdoc />
    /// <remarks>
    /// An asset without checks returns an empty list without opening a session. A check that cannot run (unknown
    /// type, bad arguments, SQL error) gives <see cref="CheckStatus.Error"/> with a message starting with its
    /// display name; the other checks still run.
    /// </remarks>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(AssetNode asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var checks = asset.Spec.AllChecks.ToList();
        if (checks.Count == 0)
        {
            return [];
        }

        var start = _time.GetTimestamp();
        var history = await ReadHistoryAsync(asset.Name, checks, cancellationToken).ConfigureAwait(false);
        var plan = _compiler.Compile(asset.Name, checks, Keys(asset.Spec), history);
        Log.ChecksStarting(_logger, asset.Name, checks.Count, plan.StatementCount);
        var now = _time.GetUtcNow();
        var runs = new Dictionary<CompiledCheck, CheckRun>(ReferenceEqualityComparer.Instance);
        foreach (var check in plan.Checks)
        {
            if (check.Kind == CheckQueryKind.Invalid)
            {
                runs[check] = new CheckRun(new CheckOutcome(CheckStatus.Error, 0, check.Error), TimeSpan.Zero);
            }
            else if (check.Kind == CheckQueryKind.Aggregate && check.Ordinals.Count == 0)
            {
                runs[check] = new CheckRun(check.Judge(new CheckInput([], null, now)), TimeSpan.Zero);
            }
            else if (check.Kind == CheckQueryKind.LastLoad)
            {
                runs[check] = await RunLastLoadAsync(asset.Name, check, now, cancellationToken).ConfigureAwait(false);
            }
        }

        if (plan.Checks.Any(c => !runs.ContainsKey(c)))
        {
            var session = await _engine.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
            await using var sessionScope = session.ConfigureAwait(false);
            var rows = new Dictionary<CompiledCheck, long?>(ReferenceEqualityComparer.Instance);
            if (plan.FusedSql is { } fusedSql)
            {
                await RunFusedAsync(session, plan, fusedSql, now, runs, rows, cancellationToken).ConfigureAwait(false);
            }

            if (plan.UniqueSql is { } uniqueSql)
            {
                await RunUniqueAsync(session, plan, uniqueSql, now, runs, rows, cancellationToken).ConfigureAwait(false);
            }

            foreach (var check in plan.Checks.Where(c => c.Kind is CheckQueryKind.Separate or CheckQueryKind.Schema))
            {
                runs[check] = await RunAloneAsync(session, check, rows.GetValueOrDefault(check), now, cancellationToken)
                    .ConfigureAwait(false);
            }

            if (_options.SampleSize > 0)
            {
                foreach (var check in plan.Checks.Where(c => c.SampleSql is not null && runs[c].Outcome.Status == CheckStatus.Fail))
                {
                    runs[check] = runs[check] with
                    {
                        Sample = await SampleAsync(session, plan.Asset, check, cancellationToken).ConfigureAwait(false),
                    };
                }
            }
        }

        var results = plan.Checks.Select(c => ToResult(asset.Name, c, runs[c])).ToList();
        Log.ChecksCompleted(
            _logger,
            asset.Name,
            results.Count,
            results.Count(r => r.Status == CheckStatus.Fail),
            results.Count(r => r.Status == CheckStatus.Error),
            _time.GetElapsedTime(start).TotalMilliseconds);
        return results;
    }

    /// <summary>The asset's key columns: a source's <c>primary_key</c>, a model's <c>unique_key</c>.</summary>
    internal static IReadOnlyList<string> Keys(AssetSpec spec) => spec switch
    {
        SourceSpec source => source.PrimaryKey,
        ModelSpec model => model.UniqueKey,
        _ => [],
    };

    private static bool IsQueryFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not OperationCanceledException && !cancellationToken.IsCancellationRequested;

    private static CheckOutcome Errored(CompiledCheck check, Exception exception) =>
        new(CheckStatus.Error, 0, $"{check.Spec.DisplayName}: {EngineMessage(exception.Message)}");

    /// <summary>
    /// The engine's message on one line, without the excerpt of the generated SQL that engines append after a
    /// blank line (<c>LINE 1: SELECT …</c> and a caret), which points into SQL the user never wrote.
    /// </summary>
    internal static string EngineMessage(string message)
    {
        var text = message.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (blank > 0)
        {
            text = text[..blank];
        }

        return string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static long? ToCount(object? value) => value switch
    {
        null => null,
        long l => l,
        int i => i,
        System.Numerics.BigInteger b => (long)b,
        decimal d => (long)d,
        IConvertible c => c.ToInt64(CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"A check query returned a {value.GetType().Name}, not a count."),
    };

    private async Task<IReadOnlyList<TableProfile>> ReadHistoryAsync(
        string asset, IReadOnlyList<CheckSpec> checks, CancellationToken cancellationToken)
    {
        var needed = CheckCompiler.HistoryNeeded(checks);
        if (needed == 0 || _options.Profiles is not { } profiles)
        {
            return [];
        }

        // One extra in case the newest profile is this run's own.
        var stored = await profiles.GetProfilesAsync(asset, needed + 1, cancellationToken).ConfigureAwait(false);
        return [.. stored.Where(p => _options.RunId is null || !string.Equals(p.RunId, _options.RunId, StringComparison.Ordinal)).Take(needed)];
    }

    private async Task<CheckRun> RunLastLoadAsync(string asset, CompiledCheck check, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_options.Runs is not { } runs)
        {
            return new CheckRun(
                new CheckOutcome(CheckStatus.Error, 0, $"{check.Spec.DisplayName}: no run store to read the last load from"), TimeSpan.Zero);
        }

        var start = _time.GetTimestamp();
        var last = await runs.GetLastSuccessAsync(asset, cancellationToken).ConfigureAwait(false);
        var maxAge = check.MaxAge;
        var outcome = last is not { } loaded
            ? new CheckOutcome(CheckStatus.Fail, 0, "no successful load of the asset is recorded")
            : now - loaded <= maxAge
                ? new CheckOutcome(CheckStatus.Pass, 0, null)
                : new CheckOutcome(CheckStatus.Fail, 0,
                    $"the last successful load was {CheckCompiler.Age(now - loaded)} ago, older than max_age {maxAge:c}");
        return new CheckRun(outcome, _time.GetElapsedTime(start));
    }

    private Task RunFusedAsync(
        ISqlSession session,
        CompiledCheckPlan plan,
        string sql,
        DateTimeOffset now,
        Dictionary<CompiledCheck, CheckRun> runs,
        Dictionary<CompiledCheck, long?> rows,
        CancellationToken cancellationToken)
    {
        var fused = plan.FusedChecks.ToList();
        return RunSharedAsync(
            session, plan, sql, "fused", fused, [.. fused.Where(c => c.Kind == CheckQueryKind.Aggregate)], rowsChecked: _ => null,
            (row, duration) =>
            {
                foreach (var check in fused)
                {
                    var values = check.Ordinals.Select(o => row[o]).ToList();
                    if (check.Kind == CheckQueryKind.Aggregate)
                    {
                        runs[check] = Judge(check, values, now, duration);
                    }
                    else
                    {
                        rows[check] = ToCount(values[^1]);
                    }
                }
            },
            now, runs, cancellationToken);
    }

    private Task RunUniqueAsync(
        ISqlSession session,
        CompiledCheckPlan plan,
        string sql,
        DateTimeOffset now,
        Dictionary<CompiledCheck, CheckRun> runs,
        Dictionary<CompiledCheck, long?> rows,
        CancellationToken cancellationToken)
    {
        var checks = plan.UniqueChecks.ToList();
        return RunSharedAsync(
            session, plan, sql, "unique", checks, checks, rowsChecked: rows.GetValueOrDefault,
            (row, duration) =>
            {
                foreach (var check in checks)
                {
                    runs[check] = new CheckRun(check.Judge(new CheckInput([row[check.Ordinal]], rows.GetValueOrDefault(check), now)), duration);
                }
            },
            now, runs, cancellationToken);
    }

    /// <summary>
    /// Runs a query shared by <paramref name="checks"/> (the fused scan, or the unique counts) and hands its one row to
    /// <paramref name="read"/>. When it fails, a query of one check reports the error as that check's own; otherwise
    /// each of <paramref name="judged"/> (the checks the query judged) runs alone, so one bad check does not fail the rest.
    /// </summary>
    private async Task RunSharedAsync(
        ISqlSession session,
        CompiledCheckPlan plan,
        string sql,
        string kind,
        IReadOnlyList<CompiledCheck> checks,
        IReadOnlyList<CompiledCheck> judged,
        Func<CompiledCheck, long?> rowsChecked,
        Action<object?[], TimeSpan> read,
        DateTimeOffset now,
        Dictionary<CompiledCheck, CheckRun> runs,
        CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        Exception failure;
        try
        {
            var result = await session.QueryAsync(sql, 1, cancellationToken).ConfigureAwait(false);
            read(result.Rows.Count > 0 ? result.Rows[0] : new object?[result.Columns.Count], _time.GetElapsedTime(start));
            return;
        }
        catch (Exception exception) when (IsQueryFailure(exception, cancellationToken))
        {
            failure = exception;
        }

        if (checks.Count == 1 && judged.Count == 1)
        {
            // The shared query computed this one check only: its error is the check's own.
            runs[judged[0]] = new CheckRun(Errored(judged[0], failure), _time.GetElapsedTime(start));
            return;
        }

        Log.SharedQueryFailed(_logger, plan.Asset, kind, checks.Count);
        foreach (var check in judged)
        {
            runs[check] = await RunAloneAsync(session, check, rowsChecked(check), now, cancellationToken).ConfigureAwait(false);
        }
    }

    private CheckRun Judge(CompiledCheck check, IReadOnlyList<object?> values, DateTimeOffset now, TimeSpan duration)
    {
        var own = check.Expressions.Count;
        var rowsChecked = check.RowsExpression is null ? null : ToCount(values[own]);
        return new CheckRun(check.Judge(new CheckInput([.. values.Take(own)], rowsChecked, now)), duration);
    }

    private async Task<CheckRun> RunAloneAsync(
        ISqlSession session, CompiledCheck check, long? rowsChecked, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        try
        {
            var result = await session.QueryAsync(check.Sql!, check.Kind == CheckQueryKind.Schema ? null : 1, cancellationToken)
                .ConfigureAwait(false);
            var duration = _time.GetElapsedTime(start);
            if (check.Kind == CheckQueryKind.Schema)
            {
                var columns = result.Rows.Select(r => (Convert.ToString(r[0], CultureInfo.InvariantCulture) ?? string.Empty,
                    Convert.ToString(r[1], CultureInfo.InvariantCulture) ?? string.Empty)).ToList();
                return new CheckRun(check.JudgeSchema!(columns), duration);
            }

            var row = result.Rows.Count > 0 ? result.Rows[0] : new object?[result.Columns.Count];
            return check.Kind == CheckQueryKind.Aggregate
                ? Judge(check, row, now, duration)
                : new CheckRun(check.Judge(new CheckInput(row, rowsChecked, now)), duration);
        }
        catch (Exception exception) when (IsQueryFailure(exception, cancellationToken))
        {
            return new CheckRun(Errored(check, exception), _time.GetElapsedTime(start));
        }
    }

    private async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>?> SampleAsync(
        ISqlSession session, string asset, CompiledCheck check, CancellationToken cancellationToken)
    {
        var size = _options.SampleSize;
        try
        {
            var sql = string.Create(CultureInfo.InvariantCulture, $"{check.SampleSql} LIMIT {size}");
            var result = await session.QueryAsync(sql, size, cancellationToken).ConfigureAwait(false);
            var sample = new List<IReadOnlyDictionary<string, object?>>(result.Rows.Count);
            foreach (var row in result.Rows)
            {
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < result.Columns.Count; i++)
                {
                    // Keys come first in the select list and again in *: the first occurrence wins.
                    values.TryAdd(result.Columns[i].Name, SampleValues.Normalize(row[i]));
                }

                sample.Add(values);
            }

            return sample;
        }
        catch (Exception exception) when (IsQueryFailure(exception, cancellationToken))
        {
            // A sample is a convenience: the check's result stands without it.
            Log.SampleFailed(_logger, asset, check.Spec.DisplayName);
            return null;
        }
    }

    private CheckResult ToResult(string asset, CompiledCheck check, CheckRun run)
    {
        var spec = check.Spec;
        switch (run.Outcome.Status)
        {
            case CheckStatus.Fail:
                Log.CheckFailed(_logger, asset, spec.DisplayName, run.Outcome.FailingRows, spec.Severity.ToString());
                break;
            case CheckStatus.Error:
                Log.CheckErrored(_logger, asset, spec.DisplayName);
                break;
        }

        return new CheckResult
        {
            Asset = asset,
            Column = spec.Column,
            Check = spec.Type,
            Severity = spec.Severity,
            Status = run.Outcome.Status,
            FailingRows = run.Outcome.FailingRows,
            Message = run.Outcome.Message,
            Duration = run.Duration,
            RowsChecked = run.Outcome.RowsChecked,
            Sample = run.Sample,
        };
    }

    private readonly record struct CheckRun(
        CheckOutcome Outcome, TimeSpan Duration, IReadOnlyList<IReadOnlyDictionary<string, object?>>? Sample = null);
}
