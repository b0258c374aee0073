using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weir.Checks;
using Weir.Engine;
using Weir.Graph;
using Weir.Quality.Compilation;

namespace Weir.Quality;

/// <summary>
/// Runs the checks of an asset against its table or view through an <see cref="ISqlEngine"/>.
/// </summary>
/// <remarks>
/// The checks are compiled to as few statements as possible: one fused scan computes every aggregate check
/// (<c>not_null</c>, <c>accepted_values</c>, <c>row_count</c>), one grouped query computes every <c>unique</c> check,
/// and each <c>relationships</c> check is one anti-join. When a shared query fails (say a column does not exist),
/// its checks run one by one, so only the bad check reports <see cref="CheckStatus.Error"/>.
/// The runner is thread-safe: each call opens its own session.
/// </remarks>
public sealed class CheckRunner : ICheckRunner
{
    private readonly ISqlEngine _engine;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CheckCompiler _compiler;

    /// <summary>Creates a runner.</summary>
    /// <param name="engine">The engine the asset's table lives in (its default schema).</param>
    /// <param name="time">Measures each check's duration; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when <see langword="null"/>.</param>
    public CheckRunner(ISqlEngine engine, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CheckRunner>();
        _compiler = CheckCompiler.For(engine);
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
        var plan = _compiler.Compile(asset.Name, checks);
        Log.ChecksStarting(_logger, asset.Name, checks.Count, plan.StatementCount);
        var outcomes = new Dictionary<CompiledCheck, (CheckOutcome Outcome, TimeSpan Duration)>(ReferenceEqualityComparer.Instance);
        foreach (var check in plan.Checks.Where(c => c.Kind == CheckQueryKind.Invalid))
        {
            outcomes[check] = (new CheckOutcome(CheckStatus.Error, 0, check.Error), TimeSpan.Zero);
        }

        if (plan.StatementCount > 0)
        {
            var session = await _engine.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
            await using var sessionScope = session.ConfigureAwait(false);
            if (plan.FusedSql is { } fusedSql)
            {
                await RunSharedAsync(session, plan, fusedSql, "fused", [.. plan.AggregateChecks], outcomes, cancellationToken)
                    .ConfigureAwait(false);
            }

            if (plan.UniqueSql is { } uniqueSql)
            {
                await RunSharedAsync(session, plan, uniqueSql, "unique", [.. plan.UniqueChecks], outcomes, cancellationToken)
                    .ConfigureAwait(false);
            }

            foreach (var check in plan.Checks.Where(c => c.Kind == CheckQueryKind.Separate))
            {
                outcomes[check] = await RunAloneAsync(session, check, cancellationToken).ConfigureAwait(false);
            }
        }

        var results = plan.Checks.Select(c => ToResult(asset.Name, c, outcomes[c])).ToList();
        Log.ChecksCompleted(
            _logger,
            asset.Name,
            results.Count,
            results.Count(r => r.Status == CheckStatus.Fail),
            results.Count(r => r.Status == CheckStatus.Error),
            _time.GetElapsedTime(start).TotalMilliseconds);
        return results;
    }

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

    private static long ToCount(object? value) => value switch
    {
        null => 0,
        long l => l,
        int i => i,
        BigInteger b => (long)b,
        decimal d => (long)d,
        IConvertible c => c.ToInt64(CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"A check query returned a {value.GetType().Name}, not a count."),
    };

    private async Task RunSharedAsync(
        ISqlSession session,
        CompiledCheckPlan plan,
        string sql,
        string query,
        IReadOnlyList<CompiledCheck> checks,
        Dictionary<CompiledCheck, (CheckOutcome Outcome, TimeSpan Duration)> outcomes,
        CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        Exception failure;
        try
        {
            var result = await session.QueryAsync(sql, 1, cancellationToken).ConfigureAwait(false);
            var row = result.Rows.Count > 0 ? result.Rows[0] : null;
            var duration = _time.GetElapsedTime(start);
            foreach (var check in checks)
            {
                outcomes[check] = (check.Evaluate(ToCount(row?[check.Ordinal])), duration);
            }

            return;
        }
        catch (Exception exception) when (IsQueryFailure(exception, cancellationToken))
        {
            failure = exception;
        }

        if (checks.Count == 1)
        {
            // The shared query computed this one check only: its error is the check's own.
            outcomes[checks[0]] = (Errored(checks[0], failure), _time.GetElapsedTime(start));
            return;
        }

        Log.SharedQueryFailed(_logger, plan.Asset, query, checks.Count);
        foreach (var check in checks)
        {
            outcomes[check] = await RunAloneAsync(session, check, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(CheckOutcome Outcome, TimeSpan Duration)> RunAloneAsync(
        ISqlSession session, CompiledCheck check, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        try
        {
            var value = await session.ScalarAsync(check.Sql!, cancellationToken).ConfigureAwait(false);
            return (check.Evaluate(ToCount(value)), _time.GetElapsedTime(start));
        }
        catch (Exception exception) when (IsQueryFailure(exception, cancellationToken))
        {
            return (Errored(check, exception), _time.GetElapsedTime(start));
        }
    }

    private CheckResult ToResult(string asset, CompiledCheck check, (CheckOutcome Outcome, TimeSpan Duration) run)
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
        };
    }
}
