using Weir.Checks;
using Weir.Project;

namespace Weir.Quality.Compilation;

/// <summary>The checks that need a query other than the fused scan: unique, relationships and sql.</summary>
internal sealed partial class CheckCompiler
{
    /// <summary>A row count in the fused scan only when the check's tolerance is a share of the rows checked.</summary>
    private static string? RowsForRatio(CheckSpec check) => check.FailIf?.Ratio is not null ? RowsExpression(check) : null;

    private CompiledCheck CompileUnique(CheckSpec check, Context context)
    {
        List<string> names;
        if (check.Column is { } single)
        {
            names = [single];
        }
        else if (check.Arguments.TryGetValue("columns", out var raw) && raw is IReadOnlyList<object?> list
            && list.Count > 0 && list.All(i => i is string { Length: > 0 }))
        {
            names = [.. list.Cast<string>()];
        }
        else
        {
            return Invalid(check, "\"columns\" must be a non-empty list of column names");
        }

        var columns = names.Select(_quoteIdentifier).ToList();
        var notNull = string.Join(" AND ", columns.Select(c => $"{c} IS NOT NULL"));
        var keyList = string.Join(", ", columns);
        var failureText = names.Count == 1
            ? $"with duplicate values in \"{names[0]}\""
            : $"with duplicate combinations of {string.Join(", ", names.Select(n => $"\"{n}\""))}";
        var sample = $"SELECT {keyList}, count(*) AS duplicates FROM {context.Table} WHERE {Filtered(check, notNull)} "
            + $"GROUP BY {keyList} HAVING count(*) > 1 ORDER BY count(*) DESC, {keyList}";
        var alone = $"SELECT CAST(coalesce(sum(n), 0) AS BIGINT) AS c0 FROM (SELECT count(*) AS n FROM {context.Table} "
            + $"WHERE {Filtered(check, notNull)} GROUP BY {keyList} HAVING count(*) > 1) AS d";
        if (check.Where is not null)
        {
            return new CompiledCheck
            {
                Spec = check,
                Kind = CheckQueryKind.Separate,
                Sql = alone,
                RowsExpression = RowsForRatio(check),
                SampleSql = sample,
                Judge = input => Counted(check, Long(input.Values[0]) ?? 0, input.RowsChecked, failureText),
            };
        }

        // (a, b) and (b, a) are one grouping set: a second copy would count every duplicate twice.
        var ordinal = context.UniqueSets.FindIndex(s => s.Count == columns.Count && s.All(c => columns.Contains(c, StringComparer.Ordinal)));
        if (ordinal < 0)
        {
            context.UniqueSets.Add(columns);
            ordinal = context.UniqueSets.Count - 1;
        }

        return new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Unique,
            Ordinal = ordinal,
            Sql = alone,
            RowsExpression = RowsForRatio(check),
            SampleSql = sample,
            Judge = input => Counted(check, Long(input.Values[0]) ?? 0, input.RowsChecked, failureText),
        };
    }

    /// <summary>
    /// One query over every unfiltered <c>unique</c> check: a plain GROUP BY for one column set; otherwise one grouping
    /// set per column set (one scan, one hash table per set), where <c>GROUPING(all columns)</c> equals a set's mask on
    /// the rows of that set, and a group's count of rows without NULL in the set's columns keeps NULL keys out.
    /// </summary>
    private static string? UniqueSql(string table, List<IReadOnlyList<string>> sets)
    {
        if (sets.Count == 0)
        {
            return null;
        }

        if (sets.Count == 1)
        {
            var keyList = string.Join(", ", sets[0]);
            var notNull = string.Join(" AND ", sets[0].Select(c => $"{c} IS NOT NULL"));
            return $"SELECT CAST(coalesce(sum(n), 0) AS BIGINT) AS u0 FROM (SELECT count(*) AS n FROM {table} "
                + $"WHERE {notNull} GROUP BY {keyList} HAVING count(*) > 1) AS d";
        }

        var all = sets.SelectMany(s => s).Distinct(StringComparer.Ordinal).ToList();
        var masks = sets.Select(set => all.Select((c, i) => set.Contains(c, StringComparer.Ordinal) ? 0L : 1L << (all.Count - 1 - i)).Sum())
            .ToList();
        var counts = sets.Select((set, i) =>
            set.Count == 1
                ? $"count({set[0]}) AS n{Ordinal(i)}"
                : $"count(*) FILTER (WHERE {string.Join(" AND ", set.Select(c => $"{c} IS NOT NULL"))}) AS n{Ordinal(i)}");
        var sums = sets.Select((_, i) =>
            $"CAST(coalesce(sum(n{Ordinal(i)}) FILTER (WHERE g = {masks[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} "
            + $"AND n{Ordinal(i)} > 1), 0) AS BIGINT) AS u{Ordinal(i)}");
        var groupingSets = sets.Select(s => $"({string.Join(", ", s)})");
        return $"SELECT {string.Join(", ", sums)} FROM (SELECT GROUPING({string.Join(", ", all)}) AS g, {string.Join(", ", counts)} "
            + $"FROM {table} GROUP BY GROUPING SETS ({string.Join(", ", groupingSets)}) HAVING count(*) > 1) AS d";
    }

    private CompiledCheck CompileRelationships(CheckSpec check, Context context)
    {
        if (check.Column is not { } name)
        {
            return Invalid(check, "this check needs a column: declare it under the column's checks");
        }

        if (!TryGetString(check, "to", out var to))
        {
            return Invalid(check, "\"to\" must name the asset the column refers to");
        }

        if (!TryGetString(check, "field", out var field))
        {
            return Invalid(check, "\"field\" must name the column of \"to\" the column refers to");
        }

        var column = _quoteIdentifier(name);
        var source = check.Where is { } where ? $"(SELECT * FROM {context.Table} WHERE {where})" : context.Table;
        var orphan = $"c.{column} IS NOT NULL "
            + $"AND NOT EXISTS (SELECT 1 FROM {_quoteIdentifier(to)} AS p WHERE p.{_quoteIdentifier(field)} = c.{column})";
        var failureText = $"with \"{name}\" not found in {to}.{field}";
        return new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Separate,
            Sql = $"SELECT count(*) AS c0 FROM {source} AS c WHERE {orphan}",
            RowsExpression = RowsForRatio(check),
            SampleSql = $"SELECT {SampleColumns(context, name)} FROM {source} AS c WHERE {orphan}",
            Judge = input => Counted(check, Long(input.Values[0]) ?? 0, input.RowsChecked, failureText),
        };
    }

    private static CompiledCheck CompileSql(CheckSpec check)
    {
        if (!TryGetString(check, "query", out var text))
        {
            return Invalid(check, "\"query\" must be a SELECT that returns the failing rows");
        }

        var query = text.Trim().TrimEnd(';').TrimEnd();
        return new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Separate,
            Sql = $"SELECT count(*) AS c0 FROM ({query}) AS q",
            RowsExpression = RowsForRatio(check),
            SampleSql = $"SELECT * FROM ({query}) AS q",
            Judge = input => Counted(check, Long(input.Values[0]) ?? 0, input.RowsChecked, "returned by the query"),
        };
    }
}
