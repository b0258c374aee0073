using System.Globalization;
using Weir.Checks;
using Weir.Project;

namespace Weir.Quality.Compilation;

/// <summary>The checks of the fused scan: row-level checks, row_count, completeness, freshness; and schema.</summary>
internal sealed partial class CheckCompiler
{
    private CompiledCheck CompileRowLevel(CheckSpec check, Context context)
    {
        if (!RowCheckSql.TryBuild(check, _quoteIdentifier, _quoteLiteral, out var condition, out var error))
        {
            return Invalid(check, error);
        }

        var failureText = FailureText(check);
        return WithAloneSql(new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Aggregate,
            Expressions = [CountIf(condition)],
            RowsExpression = RowsExpression(check),
            SampleSql = $"SELECT {SampleColumns(context, check.Column)} FROM {context.Table} WHERE {condition}",
            Judge = input => Counted(check, Long(input.Values[0]) ?? 0, input.RowsChecked, failureText),
        }, context.Table);
    }

    private static string FailureText(CheckSpec check)
    {
        string Argument(string name) => check.Arguments.TryGetValue(name, out var raw) ? Scalar(raw) ?? string.Empty : string.Empty;
        var column = $"\"{check.Column}\"";
        switch (check.Type)
        {
            case CheckTypes.NotNull:
                return $"with NULL in {column}";
            case CheckTypes.AcceptedValues:
                var values = check.Arguments.TryGetValue("values", out var raw) && raw is IEnumerable<object?> items
                    ? items.Where(i => i is not null).Select(Scalar)
                    : [];
                return $"with values not in [{string.Join(", ", values)}]";
            case CheckTypes.Range:
                var exclusive = check.Arguments.TryGetValue("inclusive", out var flag) && flag is "false";
                var bounds = new List<string>();
                if (Argument("min") is { Length: > 0 } min)
                {
                    bounds.Add($"{(exclusive ? ">" : ">=")} {min}");
                }

                if (Argument("max") is { Length: > 0 } max)
                {
                    bounds.Add($"{(exclusive ? "<" : "<=")} {max}");
                }

                return $"with {column} not {string.Join(" and ", bounds)}";
            case CheckTypes.Regex:
                return $"with {column} not matching the pattern";
            case CheckTypes.Length:
                var lengths = new List<string>();
                if (Argument("min") is { Length: > 0 } shortest)
                {
                    lengths.Add($">= {shortest}");
                }

                if (Argument("max") is { Length: > 0 } longest)
                {
                    lengths.Add($"<= {longest}");
                }

                return $"with the length of {column} not {string.Join(" and ", lengths)}";
            default:
                return "where the expression is false";
        }
    }

    private static CompiledCheck CompileRowCount(CheckSpec check, Context context)
    {
        if (!TryGetBound(check, "min", out var min, out var error) || !TryGetBound(check, "max", out var max, out error))
        {
            return Invalid(check, error!);
        }

        var invariant = CultureInfo.InvariantCulture;
        return WithAloneSql(new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Aggregate,
            RowsExpression = RowsExpression(check),
            Judge = input =>
            {
                var count = input.RowsChecked ?? 0;
                if (min is { } low && count < low)
                {
                    return new CheckOutcome(CheckStatus.Fail, count, string.Create(invariant, $"row count {count} is below min {low}"), count);
                }

                if (max is { } high && count > high)
                {
                    return new CheckOutcome(CheckStatus.Fail, count, string.Create(invariant, $"row count {count} is above max {high}"), count);
                }

                return new CheckOutcome(CheckStatus.Pass, 0, null, count);
            },
        }, context.Table);
    }

    private CompiledCheck CompileCompleteness(CheckSpec check, Context context)
    {
        if (check.Column is not { } name)
        {
            return Invalid(check, "this check needs a column: declare it under the column's checks");
        }

        if (!TryGetNumber(check, "min_ratio", 1, out var minRatio, out var error))
        {
            return Invalid(check, error!);
        }

        var column = _quoteIdentifier(name);
        return WithAloneSql(new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Aggregate,
            Expressions = [Count(check, $"{column} IS NULL")],
            RowsExpression = RowsExpression(check),
            SampleSql = $"SELECT {SampleColumns(context, name)} FROM {context.Table} WHERE {Filtered(check, $"{column} IS NULL")}",
            Judge = input =>
            {
                var nulls = Long(input.Values[0]) ?? 0;
                var rows = input.RowsChecked ?? 0;
                var ratio = rows == 0 ? 1 : (double)(rows - nulls) / rows;
                return ratio >= minRatio
                    ? new CheckOutcome(CheckStatus.Pass, 0, null, rows)
                    : new CheckOutcome(CheckStatus.Fail, nulls, string.Create(CultureInfo.InvariantCulture,
                        $"{ratio:0.####} of \"{name}\" is non-NULL, below min_ratio {minRatio} ({nulls} of {rows} rows NULL)"), rows);
            },
        }, context.Table);
    }

    private CompiledCheck CompileFreshness(CheckSpec check, Context context)
    {
        if (!TryGetString(check, "max_age", out var text) || !DurationParser.TryParse(text, out var maxAge))
        {
            return Invalid(check, $"\"max_age\" must be a duration ({DurationParser.Examples})");
        }

        if (TargetColumn(check) is not { } name)
        {
            return new CompiledCheck { Spec = check, Kind = CheckQueryKind.LastLoad, MaxAge = maxAge };
        }

        // A naive timestamp (or a date) is taken as UTC.
        var column = _quoteIdentifier(name);
        var newest = check.Where is { } where ? $"max({column}) FILTER (WHERE {where})" : $"max({column})";
        return WithAloneSql(new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Aggregate,
            Expressions = [$"date_diff('millisecond', TIMESTAMP '1970-01-01', CAST({newest} AS TIMESTAMP))"],
            Judge = input =>
            {
                if (Long(input.Values[0]) is not { } epochMs)
                {
                    return new CheckOutcome(CheckStatus.Fail, 0, $"\"{name}\" has no values, so its freshness is unknown");
                }

                var age = input.Now - DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
                return age <= maxAge
                    ? new CheckOutcome(CheckStatus.Pass, 0, null)
                    : new CheckOutcome(CheckStatus.Fail, 0, $"the newest \"{name}\" is {Age(age)} old, older than max_age {text}");
            },
        }, context.Table);
    }

    /// <summary>An age for people: <c>3d 4h</c>, <c>5h 10m</c>, <c>42s</c>.</summary>
    internal static string Age(TimeSpan age)
    {
        var invariant = CultureInfo.InvariantCulture;
        return age.TotalDays >= 1 ? string.Create(invariant, $"{(int)age.TotalDays}d {age.Hours}h")
            : age.TotalHours >= 1 ? string.Create(invariant, $"{(int)age.TotalHours}h {age.Minutes}m")
            : age.TotalMinutes >= 1 ? string.Create(invariant, $"{(int)age.TotalMinutes}m {age.Seconds}s")
            : string.Create(invariant, $"{Math.Max(0, (int)age.TotalSeconds)}s");
    }

    private CompiledCheck CompileSchema(CheckSpec check, Context context)
    {
        if (!check.Arguments.TryGetValue("columns", out var raw) || ExpectedColumns(raw) is not { Count: > 0 } expected)
        {
            return Invalid(check, "\"columns\" must be a list of column names, of { name, type } maps or a map of name to type");
        }

        var allowExtra = !(check.Arguments.TryGetValue("allow_extra", out var flag) && flag is "false");
        return new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Schema,
            Sql = "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
                + $"AND lower(table_name) = lower({_quoteLiteral(context.Asset)}) ORDER BY ordinal_position",
            JudgeSchema = actual => SchemaMatcher.Compare(expected, actual, allowExtra),
        };
    }

    private static List<(string Name, string? Type)>? ExpectedColumns(object? raw)
    {
        var columns = new List<(string Name, string? Type)>();
        switch (raw)
        {
            case IReadOnlyDictionary<string, object?> map:
                columns.AddRange(map.Select(p => (p.Key, Scalar(p.Value))));
                break;
            case IReadOnlyList<object?> list:
                foreach (var item in list)
                {
                    switch (item)
                    {
                        case string name:
                            columns.Add((name, null));
                            break;
                        case IReadOnlyDictionary<string, object?> column when Scalar(column.GetValueOrDefault("name")) is { Length: > 0 } name:
                            columns.Add((name, Scalar(column.GetValueOrDefault("type"))));
                            break;
                        default:
                            return null;
                    }
                }

                break;
            default:
                return null;
        }

        return columns;
    }
}
