using System.Globalization;
using Weir.Engine;
using Weir.Project;

namespace Weir.Quality.Compilation;

/// <summary>
/// Compiles the checks of one asset to SQL, without touching an engine: every aggregate-able check becomes one
/// column of a single fused scan, every <c>unique</c> check one column of a single duplicate-count query, and every
/// <c>relationships</c> check an anti-join of its own. Each check also gets a query that computes it alone.
/// </summary>
internal sealed class CheckCompiler
{
    private readonly Func<string, string> _quoteIdentifier;
    private readonly Func<string, string> _quoteLiteral;

    /// <summary>Creates a compiler that quotes names and literals with the given functions.</summary>
    public CheckCompiler(Func<string, string> quoteIdentifier, Func<string, string> quoteLiteral)
    {
        _quoteIdentifier = quoteIdentifier;
        _quoteLiteral = quoteLiteral;
    }

    /// <summary>A compiler for the engine's dialect.</summary>
    public static CheckCompiler For(ISqlEngine engine) => new(engine.QuoteIdentifier, engine.QuoteLiteral);

    /// <summary>Compiles the checks of <paramref name="asset"/>, a table or view in the engine's default schema.</summary>
    public CompiledCheckPlan Compile(string asset, IReadOnlyList<CheckSpec> checks)
    {
        var table = _quoteIdentifier(asset);
        var aggregates = new List<string>();
        var uniqueColumns = new List<string>();
        var compiled = new List<CompiledCheck>(checks.Count);
        foreach (var check in checks)
        {
            compiled.Add(CompileCheck(check, table, aggregates, uniqueColumns));
        }

        var fusedSql = aggregates.Count == 0
            ? null
            : $"SELECT {string.Join(", ", aggregates.Select((e, i) => $"{e} AS c{Ordinal(i)}"))} FROM {table}";
        return new CompiledCheckPlan(asset, compiled, fusedSql, UniqueSql(table, uniqueColumns));
    }

    private static string Ordinal(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static CompiledCheck Invalid(CheckSpec check, string reason) =>
        new() { Spec = check, Kind = CheckQueryKind.Invalid, Error = $"{check.DisplayName}: {reason}" };

    private static bool TryGetString(CheckSpec check, string name, out string value)
    {
        value = check.Arguments.TryGetValue(name, out var raw) ? Scalar(raw) ?? string.Empty : string.Empty;
        return value.Length > 0;
    }

    private static string? Scalar(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool TryGetBound(CheckSpec check, string name, out long? bound, out string? error)
    {
        bound = null;
        error = null;
        if (!check.Arguments.TryGetValue(name, out var raw) || raw is null)
        {
            return true;
        }

        var text = Scalar(raw);
        if (text is not null && long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            bound = value;
            return true;
        }

        error = $"\"{name}\" must be a whole number, not \"{text ?? raw.GetType().Name}\"";
        return false;
    }

    private CompiledCheck CompileCheck(CheckSpec check, string table, List<string> aggregates, List<string> uniqueColumns)
    {
        if (check.Type == CheckTypes.RowCount)
        {
            return CompileRowCount(check, table, aggregates);
        }

        if (check.Type is not (CheckTypes.NotNull or CheckTypes.Unique or CheckTypes.AcceptedValues or CheckTypes.Relationships))
        {
            return Invalid(check, "unknown check type");
        }

        if (string.IsNullOrEmpty(check.Column))
        {
            return Invalid(check, "this check needs a column: declare it under the column's checks");
        }

        var column = _quoteIdentifier(check.Column);
        return check.Type switch
        {
            CheckTypes.NotNull =>
                Aggregate(check, table, aggregates, $"count(*) FILTER (WHERE {column} IS NULL)", $"with NULL in \"{check.Column}\""),
            CheckTypes.Unique => CompileUnique(check, table, column, uniqueColumns),
            CheckTypes.AcceptedValues => CompileAcceptedValues(check, table, column, aggregates),
            _ => CompileRelationships(check, table, column),
        };
    }

    private static CompiledCheck Aggregate(CheckSpec check, string table, List<string> aggregates, string expression, string failureText)
    {
        aggregates.Add(expression);
        return new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Aggregate,
            Ordinal = aggregates.Count - 1,
            Sql = $"SELECT {expression} AS c0 FROM {table}",
            FailureText = failureText,
        };
    }

    private static CompiledCheck CompileRowCount(CheckSpec check, string table, List<string> aggregates)
    {
        if (!TryGetBound(check, "min", out var min, out var error) || !TryGetBound(check, "max", out var max, out error))
        {
            return Invalid(check, error!);
        }

        const string expression = "count(*)";
        aggregates.Add(expression);
        return new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Aggregate,
            Ordinal = aggregates.Count - 1,
            Sql = $"SELECT {expression} AS c0 FROM {table}",
            IsRowCount = true,
            Min = min,
            Max = max,
        };
    }

    private CompiledCheck CompileAcceptedValues(CheckSpec check, string table, string column, List<string> aggregates)
    {
        if (!check.Arguments.TryGetValue("values", out var raw) || raw is string || raw is not IEnumerable<object?> items)
        {
            return Invalid(check, "\"values\" must be a list of accepted values");
        }

        var values = new List<string>();
        foreach (var item in items)
        {
            if (item is null)
            {
                // NULL never matches NOT IN; nulls pass this check anyway.
                continue;
            }

            if (Scalar(item) is not { } value)
            {
                return Invalid(check, "\"values\" must hold plain values, not lists or maps");
            }

            values.Add(value);
        }

        var condition = values.Count == 0
            ? $"{column} IS NOT NULL"
            : $"{column} IS NOT NULL AND {column} NOT IN ({string.Join(", ", values.Select(_quoteLiteral))})";
        var failureText = $"with values not in [{string.Join(", ", values)}]";
        return Aggregate(check, table, aggregates, $"count(*) FILTER (WHERE {condition})", failureText);
    }

    private static CompiledCheck CompileUnique(CheckSpec check, string table, string column, List<string> uniqueColumns)
    {
        var ordinal = uniqueColumns.IndexOf(column);
        if (ordinal < 0)
        {
            uniqueColumns.Add(column);
            ordinal = uniqueColumns.Count - 1;
        }

        return new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Unique,
            Ordinal = ordinal,
            Sql = SingleUniqueSql(table, column, "c0"),
            FailureText = $"with duplicate values in \"{check.Column}\"",
        };
    }

    private CompiledCheck CompileRelationships(CheckSpec check, string table, string column)
    {
        if (!TryGetString(check, "to", out var to))
        {
            return Invalid(check, "\"to\" must name the asset the column refers to");
        }

        if (!TryGetString(check, "field", out var field))
        {
            return Invalid(check, "\"field\" must name the column of \"to\" the column refers to");
        }

        var sql = $"SELECT count(*) AS c0 FROM {table} AS c WHERE c.{column} IS NOT NULL "
            + $"AND NOT EXISTS (SELECT 1 FROM {_quoteIdentifier(to)} AS p WHERE p.{_quoteIdentifier(field)} = c.{column})";
        return new CompiledCheck
        {
            Spec = check,
            Kind = CheckQueryKind.Separate,
            Sql = sql,
            FailureText = $"with \"{check.Column}\" not found in {to}.{field}",
        };
    }

    private static string SingleUniqueSql(string table, string column, string alias) =>
        $"SELECT CAST(coalesce(sum(n), 0) AS BIGINT) AS {alias} FROM "
        + $"(SELECT count(*) AS n FROM {table} WHERE {column} IS NOT NULL GROUP BY {column} HAVING count(*) > 1) AS d";

    private static string? UniqueSql(string table, List<string> columns)
    {
        if (columns.Count <= 1)
        {
            return columns.Count == 0 ? null : SingleUniqueSql(table, columns[0], "u0");
        }

        // One grouping set per column: one scan, one hash table per column. GROUPING(x) = 0 marks the rows of x's
        // set, and count(x) is 0 for its NULL group, so NULLs never count as duplicates.
        var sums = columns.Select((_, i) =>
            $"CAST(coalesce(sum(n{Ordinal(i)}) FILTER (WHERE g{Ordinal(i)} = 0 AND n{Ordinal(i)} > 1), 0) AS BIGINT) AS u{Ordinal(i)}");
        var groups = columns.Select((c, i) => $"GROUPING({c}) AS g{Ordinal(i)}, count({c}) AS n{Ordinal(i)}");
        var sets = columns.Select(c => $"({c})");
        return $"SELECT {string.Join(", ", sums)} FROM (SELECT {string.Join(", ", groups)} FROM {table} "
            + $"GROUP BY GROUPING SETS ({string.Join(", ", sets)}) HAVING count(*) > 1) AS d";
    }
}
