using System.Globalization;
using Weir.Checks;
using Weir.Project;
using Weir.Quality.Statistics;

namespace Weir.Quality.Compilation;

/// <summary>The checks that compare this run with stored profiles: anomaly and drift.</summary>
internal sealed partial class CheckCompiler
{
    /// <summary>Past points an anomaly check needs before it judges.</summary>
    public const int MinimumHistory = 3;

    /// <summary>Runs an anomaly check looks back over by default.</summary>
    public const int DefaultWindow = 10;

    /// <summary>The robust z-score above which an anomaly check fails by default.</summary>
    public const double DefaultAnomalyThreshold = 3.5;

    /// <summary>The PSI above which a drift check fails by default.</summary>
    public const double DefaultPsiThreshold = 0.2;

    /// <summary>The KS statistic above which a drift check fails by default.</summary>
    public const double DefaultKsThreshold = 0.1;

    /// <summary>The profiles a set of checks needs: the longest anomaly window, or every kept profile for a <c>first</c> baseline.</summary>
    public static int HistoryNeeded(IEnumerable<CheckSpec> checks)
    {
        var needed = 0;
        foreach (var check in checks)
        {
            if (check.Type == CheckTypes.Anomaly)
            {
                needed = Math.Max(needed, TryGetBound(check, "window", out var window, out _) && window is > 0 ? (int)window : DefaultWindow);
            }
            else if (check.Type == CheckTypes.Drift)
            {
                needed = Math.Max(needed, TryGetString(check, "baseline", out var baseline) && baseline == "first" ? 10_000 : 1);
            }
        }

        return needed;
    }

    private CompiledCheck CompileAnomaly(CheckSpec check, Context context)
    {
        var metric = TryGetString(check, "metric", out var m) ? m : string.Empty;
        var name = TargetColumn(check);
        if (!CheckTypes.AnomalyMetrics.Contains(metric, StringComparer.Ordinal))
        {
            return Invalid(check, $"\"metric\" must be one of {string.Join(", ", CheckTypes.AnomalyMetrics)}");
        }

        if (metric != "row_count" && name is null)
        {
            return Invalid(check, $"metric {metric} needs a column");
        }

        if (!TryGetBound(check, "window", out var windowArgument, out var error)
            || !TryGetNumber(check, "threshold", DefaultAnomalyThreshold, out var threshold, out error))
        {
            return Invalid(check, error!);
        }

        var window = windowArgument is > 0 ? (int)windowArgument : DefaultWindow;
        var history = context.History.Take(window).Select(p => PastMetric(p, metric, name)).OfType<double>().ToList();
        var label = name is null ? metric : $"{metric} of \"{name}\"";
        if (history.Count < MinimumHistory)
        {
            return Resolved(check, new CheckOutcome(CheckStatus.Pass, 0, string.Create(CultureInfo.InvariantCulture,
                $"learning: {history.Count} of {MinimumHistory} past runs needed to judge {label}")));
        }

        var column = name is null ? null : _quoteIdentifier(name);
        string[] expressions = metric switch
        {
            "row_count" => [RowsExpression(check)],
            "null_ratio" => [Count(check, $"{column} IS NULL"), RowsExpression(check)],
            "mean" => [Aggregate(check, $"avg({column})")],
            _ => [Aggregate(check, $"approx_count_distinct({column})")],
        };
        return WithAloneSql(new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Aggregate,
            Expressions = expressions,
            Judge = input =>
            {
                double? current = metric switch
                {
                    "null_ratio" => Long(input.Values[1]) is { } rows && rows > 0 ? (double)(Long(input.Values[0]) ?? 0) / rows : null,
                    _ => Double(input.Values[0]),
                };
                if (current is not { } value)
                {
                    return new CheckOutcome(CheckStatus.Pass, 0, $"{label} has no value this run");
                }

                var score = RobustZScore.Score(value, history, out var median, out _);
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"{label} is {value:0.####}, robust z {score:0.##} against median {median:0.####} of the last {history.Count} runs");
                return score > threshold
                    ? new CheckOutcome(CheckStatus.Fail, 0, string.Create(CultureInfo.InvariantCulture, $"{text} (threshold {threshold})"))
                    : new CheckOutcome(CheckStatus.Pass, 0, null);
            },
        }, context.Table);
    }

    private static string Aggregate(CheckSpec check, string aggregate) =>
        check.Where is { } where ? $"{aggregate} FILTER (WHERE {where})" : aggregate;

    private static double? PastMetric(TableProfile profile, string metric, string? column)
    {
        if (metric == "row_count")
        {
            return profile.RowCount;
        }

        var stats = profile.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));
        return stats is null ? null : metric switch
        {
            "null_ratio" => profile.RowCount > 0 ? (double)stats.Nulls / profile.RowCount : null,
            "mean" => stats.Mean,
            _ => stats.ApproxDistinct,
        };
    }

    private CompiledCheck CompileDrift(CheckSpec check, Context context)
    {
        if (TargetColumn(check) is not { } name)
        {
            return Invalid(check, "\"column\" must name the column to watch");
        }

        var baselineName = TryGetString(check, "baseline", out var b) ? b : "previous";
        var method = TryGetString(check, "method", out var mt) ? mt : "psi";
        if (baselineName is not ("previous" or "first"))
        {
            return Invalid(check, "\"baseline\" must be previous or first");
        }

        if (method is not ("psi" or "ks"))
        {
            return Invalid(check, "\"method\" must be psi or ks");
        }

        if (!TryGetNumber(check, "threshold", method == "ks" ? DefaultKsThreshold : DefaultPsiThreshold, out var threshold, out var error))
        {
            return Invalid(check, error!);
        }

        var baseline = context.History.Count == 0 ? null : baselineName == "first" ? context.History[^1] : context.History[0];
        var stats = baseline?.Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (baseline is null || stats is null)
        {
            return Resolved(check, new CheckOutcome(CheckStatus.Pass, 0, $"learning: no baseline profile of \"{name}\" yet"));
        }

        var column = _quoteIdentifier(name);
        List<string> expressions;
        List<long> expected;
        bool numeric;
        if (stats.Histogram.Count > 0)
        {
            numeric = true;
            var bins = stats.Histogram.OrderBy(h => h.Lower).ToList();
            expected = [.. bins.Select(h => h.Count)];
            expressions = [.. bins.Select((bin, i) => Count(check, BinCondition(column, bins, i)))];
        }
        else if (stats.TopValues.Any(v => v.Value is not null))
        {
            if (method == "ks")
            {
                return Invalid(check, "method ks needs a numeric column; text columns compare category shares (psi)");
            }

            numeric = false;
            var top = stats.TopValues.Where(v => v.Value is not null).ToList();
            var other = Math.Max(0, baseline.RowCount - stats.Nulls - top.Sum(v => v.Count));
            expected = [.. top.Select(v => v.Count), other];
            expressions = [.. top.Select(v => Count(check, $"CAST({column} AS VARCHAR) = {_quoteLiteral(v.Value!)}")),
                Count(check, $"{column} IS NOT NULL")];
        }
        else
        {
            return Resolved(check, new CheckOutcome(CheckStatus.Pass, 0, $"learning: the baseline profile of \"{name}\" has no distribution"));
        }

        var statistic = method == "ks" ? "KS" : "PSI";
        return WithAloneSql(new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Aggregate,
            Expressions = expressions,
            Judge = input =>
            {
                var counts = input.Values.Select(v => Long(v) ?? 0).ToList();
                if (!numeric)
                {
                    var total = counts[^1];
                    counts[^1] = Math.Max(0, total - counts.Take(counts.Count - 1).Sum());
                }

                var distance = method == "ks"
                    ? DistributionDistance.KolmogorovSmirnov(expected, counts)
                    : DistributionDistance.PopulationStabilityIndex(expected, counts);
                return distance > threshold
                    ? new CheckOutcome(CheckStatus.Fail, 0, string.Create(CultureInfo.InvariantCulture,
                        $"\"{name}\" drifted from the {baselineName} profile: {statistic} {distance:0.###} above {threshold}"))
                    : new CheckOutcome(CheckStatus.Pass, 0, null);
            },
        }, context.Table);
    }

    /// <summary>The rows of bin <paramref name="i"/>; the first and last bins also take values below and above the baseline's range.</summary>
    private static string BinCondition(string column, List<HistogramBin> bins, int i)
    {
        static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        if (bins.Count == 1)
        {
            return $"{column} IS NOT NULL";
        }

        return i == 0 ? $"{column} < {Number(bins[0].Upper)}"
            : i == bins.Count - 1 ? $"{column} >= {Number(bins[i].Lower)}"
            : $"{column} >= {Number(bins[i].Lower)} AND {column} < {Number(bins[i].Upper)}";
    }
}
