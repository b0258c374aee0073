using System.Globalization;
using Weir.Checks;
using Weir.Engine;
using Weir.Project;

namespace Weir.Quality.Compilation;

/// <summary>
/// Compiles the checks of one asset to SQL, without touching an engine: every aggregate-able check becomes columns
/// of a single fused scan (its <c>where</c> as a <c>FILTER</c>), every <c>unique</c> check without a filter one column of
/// a single duplicate-count query, and <c>relationships</c>, <c>sql</c> and filtered <c>unique</c> checks a query of
/// their own. Each check also gets a query that computes it alone and, where it has rows to show, a sample query.
/// </summary>
internal sealed partial class CheckCompiler
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

    /// <summary>Compiles checks with no key columns and no profile history.</summary>
    public CompiledCheckPlan Compile(string asset, IReadOnlyList<CheckSpec> checks) => Compile(asset, checks, [], []);

    /// <summary>Compiles the checks of <paramref name="asset"/>, a table or view in the engine's default schema.</summary>
    /// <param name="asset">The asset's name.</param>
    /// <param name="checks">Its checks, in declaration order.</param>
    /// <param name="keys">The asset's key columns, shown first in samples.</param>
    /// <param name="history">The asset's stored profiles before this run, newest first (for anomaly and drift).</param>
    public CompiledCheckPlan Compile(
        string asset, IReadOnlyList<CheckSpec> checks, IReadOnlyList<string> keys, IReadOnlyList<TableProfile> history)
    {
        var context = new Context(asset, _quoteIdentifier(asset), keys, history);
        var compiled = new List<CompiledCheck>(checks.Count);
        foreach (var check in checks)
        {
            compiled.Add(CompileCheck(check, context));
        }

        var expressions = new List<string>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var check in compiled)
        {
            var own = check.Kind == CheckQueryKind.Aggregate ? check.Expressions : [];
            var all = check.RowsExpression is { } rows ? own.Append(rows) : own;
            check.Ordinals = [.. all.Select(e => Position(e, expressions, positions))];
        }

        var fusedSql = expressions.Count == 0
            ? null
            : $"SELECT {string.Join(", ", expressions.Select((e, i) => $"{e} AS c{Ordinal(i)}"))} FROM {context.Table}";
        return new CompiledCheckPlan(asset, compiled, fusedSql, UniqueSql(context.Table, context.UniqueSets));
    }

    private static int Position(string expression, List<string> expressions, Dictionary<string, int> positions)
    {
        if (!positions.TryGetValue(expression, out var position))
        {
            position = expressions.Count;
            expressions.Add(expression);
            positions[expression] = position;
        }

        return position;
    }

    private static string Ordinal(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static CompiledCheck Invalid(CheckSpec check, string reason) =>
        new() { Spec = check, Kind = CheckQueryKind.Invalid, Error = $"{check.DisplayName}: {reason}" };

    private static CompiledCheck Resolved(CheckSpec check, CheckOutcome outcome) =>
        new() { Spec = check, Kind = CheckQueryKind.Aggregate, Judge = _ => outcome };

    private CompiledCheck CompileCheck(CheckSpec check, Context context) => check.Type switch
    {
        CheckTypes.NotNull or CheckTypes.AcceptedValues or CheckTypes.Range or CheckTypes.Regex or CheckTypes.Length
            or CheckTypes.Expression => CompileRowLevel(check, context),
        CheckTypes.RowCount => CompileRowCount(check, context),
        CheckTypes.Completeness => CompileCompleteness(check, context),
        CheckTypes.Freshness => CompileFreshness(check, context),
        CheckTypes.Schema => CompileSchema(check, context),
        CheckTypes.Unique => CompileUnique(check, context),
        CheckTypes.Relationships => CompileRelationships(check, context),
        CheckTypes.Sql => CompileSql(check),
        CheckTypes.Anomaly => CompileAnomaly(check, context),
        CheckTypes.Drift => CompileDrift(check, context),
        _ => Invalid(check, "unknown check type"),
    };

    /// <summary>Counts the rows a check's <c>where</c> keeps.</summary>
    private static string RowsExpression(CheckSpec check) => check.Where is { } where ? CountIf(where) : "count(*)";

    /// <summary>
    /// Counts the rows <paramref name="condition"/> is true for. <c>count_if(c)</c> rather than the standard
    /// <c>count(*) FILTER (WHERE c)</c>: DuckDB folds count_if's argument with the column statistics (a range check on a
    /// column whose min and max are within bounds costs nothing) and evaluates it faster; the fused scan of the quality
    /// benchmark ran 3× faster with it (docs/benchmarks.md).
    /// </summary>
    private static string CountIf(string condition) => $"count_if({condition})";

    /// <summary>A condition restricted to the rows the check's <c>where</c> keeps.</summary>
    private static string Filtered(CheckSpec check, string condition) =>
        check.Where is { } where ? $"({where}) AND ({condition})" : condition;

    private static string Count(CheckSpec check, string condition) => CountIf(Filtered(check, condition));

    private static string AloneSql(CompiledCheck check, string table)
    {
        var all = check.RowsExpression is { } rows ? check.Expressions.Append(rows) : check.Expressions;
        return $"SELECT {string.Join(", ", all.Select((e, i) => $"{e} AS c{Ordinal(i)}"))} FROM {table}";
    }

    private static CompiledCheck WithAloneSql(CompiledCheck check, string table) => new()
    {
        Spec = check.Spec,
        Kind = check.Kind,
        Expressions = check.Expressions,
        RowsExpression = check.RowsExpression,
        SampleSql = check.SampleSql,
        Judge = check.Judge,
        Sql = AloneSql(check, table),
    };

    /// <summary>
    /// The outcome of a check that counts failing rows: it passes with no failing rows, or when they stay within its
    /// <c>fail_if</c> tolerance (a count, or a share of the rows checked).
    /// </summary>
    internal static CheckOutcome Counted(CheckSpec check, long failing, long? rowsChecked, string failureText)
    {
        if (failing == 0)
        {
            return new CheckOutcome(CheckStatus.Pass, 0, null, rowsChecked);
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{failing} {(failing == 1 ? "row" : "rows")} {failureText}");
        if (check.FailIf is { } limit && !IsExceeded(limit, failing, rowsChecked))
        {
            return new CheckOutcome(CheckStatus.Pass, failing, $"{text} (within fail_if {limit})", rowsChecked);
        }

        return new CheckOutcome(CheckStatus.Fail, failing, text, rowsChecked);
    }

    private static bool IsExceeded(BadRowLimit limit, long failing, long? rowsChecked) =>
        limit.Count is { } count ? failing > count
        : limit.Ratio is not { } ratio || rowsChecked is not { } rows || failing > ratio * rows;

    private static long? Long(object? value) => value switch
    {
        null => null,
        long l => l,
        int i => i,
        System.Numerics.BigInteger b => (long)b,
        decimal d => (long)d,
        double d => (long)d,
        IConvertible c => c.ToInt64(CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"A check query returned a {value.GetType().Name}, not a count."),
    };

    private static double? Double(object? value) => value switch
    {
        null => null,
        double d => d,
        float f => f,
        decimal m => (double)m,
        System.Numerics.BigInteger b => (double)b,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"A check query returned a {value.GetType().Name}, not a number."),
    };

    private static string? Scalar(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool TryGetString(CheckSpec check, string name, out string value)
    {
        value = check.Arguments.TryGetValue(name, out var raw) ? Scalar(raw) ?? string.Empty : string.Empty;
        return value.Length > 0;
    }

    private static bool TryGetNumber(CheckSpec check, string name, double fallback, out double value, out string? error)
    {
        value = fallback;
        error = null;
        if (!check.Arguments.TryGetValue(name, out var raw) || raw is null)
        {
            return true;
        }

        if (Scalar(raw) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        error = $"\"{name}\" must be a number";
        return false;
    }

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

    /// <summary>The column a check is about: its own column, else its <c>column</c> argument.</summary>
    private static string? TargetColumn(CheckSpec check) =>
        check.Column ?? (TryGetString(check, "column", out var column) ? column : null);

    /// <summary>
    /// The select list of a sample: the key columns first, then <paramref name="column"/>; the whole row (keys first)
    /// when the column is unknown or the asset declares no keys.
    /// </summary>
    private string SampleColumns(Context context, string? column)
    {
        var keys = context.Keys.Where(k => column is null || !string.Equals(k, column, StringComparison.OrdinalIgnoreCase))
            .Select(_quoteIdentifier).ToList();
        if (column is not null && context.Keys.Count > 0)
        {
            return string.Join(", ", keys.Append(_quoteIdentifier(column)));
        }

        return keys.Count == 0 ? "*" : $"{string.Join(", ", keys)}, *";
    }

    /// <summary>What the compiler knows about the asset while compiling its checks.</summary>
    private sealed class Context(string asset, string table, IReadOnlyList<string> keys, IReadOnlyList<TableProfile> history)
    {
        public string Asset { get; } = asset;

        public string Table { get; } = table;

        public IReadOnlyList<string> Keys { get; } = keys;

        public IReadOnlyList<TableProfile> History { get; } = history;

        /// <summary>The distinct column sets of the unfiltered <c>unique</c> checks (quoted names).</summary>
        public List<IReadOnlyList<string>> UniqueSets { get; } = [];
    }
}
