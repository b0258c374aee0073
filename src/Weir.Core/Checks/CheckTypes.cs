using System.Globalization;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Checks;

/// <summary>
/// The catalogue of check types Weir knows: at which level each may be declared (under a column's <c>checks:</c>, under the
/// asset's <c>checks:</c>, or both) and the arguments it takes there. Loading validates every declared check here, so a new
/// check type is added in this one place. The options every check takes (<c>severity</c>, <c>where</c>, <c>fail_if</c>,
/// <c>quarantine</c>) are parsed by the loader into <see cref="CheckSpec"/> and are not arguments.
/// </summary>
public static class CheckTypes
{
    /// <summary>Column check: no value is NULL. No arguments.</summary>
    public const string NotNull = "not_null";

    /// <summary>
    /// No value occurs twice (NULLs ignored): as a column check, of that column (no arguments); as a table check, of the
    /// combination of <c>columns</c> (a non-empty list).
    /// </summary>
    public const string Unique = "unique";

    /// <summary>Column check: every non-NULL value is one of <c>values</c> (a non-empty list).</summary>
    public const string AcceptedValues = "accepted_values";

    /// <summary>
    /// Column check: every non-NULL value occurs in column <c>field</c> of asset <c>to</c> (a foreign key).
    /// The asset named by <c>to</c> becomes an upstream of the checked asset.
    /// </summary>
    public const string Relationships = "relationships";

    /// <summary>Table check: the row count is at least <c>min</c> and at most <c>max</c> (either or both, integers ≥ 0).</summary>
    public const string RowCount = "row_count";

    /// <summary>
    /// Column check: every non-NULL value lies between <c>min</c> and <c>max</c> (either or both; numbers, dates or
    /// timestamps), bounds included unless <c>inclusive: false</c>.
    /// </summary>
    public const string Range = "range";

    /// <summary>Column check: every non-NULL value (as text) contains a match of <c>pattern</c> (anchor with ^ and $).</summary>
    public const string Regex = "regex";

    /// <summary>Column check: the length of every non-NULL value (as text) is at least <c>min</c> and at most <c>max</c>.</summary>
    public const string Length = "length";

    /// <summary>Column check: the share of non-NULL values is at least <c>min_ratio</c> (0 to 1).</summary>
    public const string Completeness = "completeness";

    /// <summary>
    /// Timeliness: the newest value of <c>column</c> (a date or timestamp; implied at column level) is at most
    /// <c>max_age</c> old; as a table check without <c>column</c>, the asset's last successful load is at most
    /// <c>max_age</c> old.
    /// </summary>
    public const string Freshness = "freshness";

    /// <summary>
    /// Table check: the table has the expected <c>columns</c> (a list of names, of <c>{ name, type }</c> maps, or a map of
    /// name to type); other columns are allowed unless <c>allow_extra: false</c>.
    /// </summary>
    public const string Schema = "schema";

    /// <summary>Table check: the SQL boolean <c>sql</c> holds for every row (a NULL result passes, as in a CHECK constraint).</summary>
    public const string Expression = "expression";

    /// <summary>Table check: the SQL <c>query</c> returns the failing rows; it passes when it returns none.</summary>
    public const string Sql = "sql";

    /// <summary>
    /// A metric (<c>row_count</c>, <c>null_ratio</c>, <c>mean</c> or <c>distinct</c>; all but <c>row_count</c> need a
    /// column) is compared with its own history over the last <c>window</c> runs (robust z-score over the median absolute
    /// deviation); it fails when the score exceeds <c>threshold</c>.
    /// </summary>
    public const string Anomaly = "anomaly";

    /// <summary>
    /// A column's distribution is compared with a <c>baseline</c> profile (<c>previous</c> run by default): PSI or KS for
    /// numbers, category shares for text; it fails when the distance exceeds <c>threshold</c>.
    /// </summary>
    public const string Drift = "drift";

    /// <summary>The metrics an <see cref="Anomaly"/> check can watch.</summary>
    public static IReadOnlyList<string> AnomalyMetrics { get; } = ["distinct", "mean", "null_ratio", "row_count"];

    /// <summary>The check types whose failures are single rows, so they can take <c>quarantine: true</c> on a source.</summary>
    public static IReadOnlyList<string> RowLevelChecks { get; } =
        [AcceptedValues, Expression, Length, NotNull, Range, Regex];

    private static readonly Dictionary<string, Definition> s_definitions = new Definition[]
    {
        new(NotNull, column: Level.Of("not_null")),
        new(Unique,
            column: Level.Of("unique"),
            table: Level.Of("unique: { columns: [order_id, line] }", new Argument("columns", ArgumentKind.NameList, required: true))),
        new(AcceptedValues,
            column: Level.Of("accepted_values: { values: [a, b] }", new Argument("values", ArgumentKind.NonEmptyList, required: true))),
        new(Relationships,
            column: Level.Of("relationships: { to: customers, field: customer_id }",
                new Argument("to", ArgumentKind.Name, required: true),
                new Argument("field", ArgumentKind.Name, required: true))),
        new(RowCount,
            table: Level.Of("row_count: { min: 1, max: 1000 }",
                new Argument("min", ArgumentKind.NonNegativeInteger, required: false),
                new Argument("max", ArgumentKind.NonNegativeInteger, required: false)) with { Validate = NeedsMinOrMax }),
        new(Range,
            column: Level.Of("range: { min: 0, max: 100 }",
                new Argument("min", ArgumentKind.Scalar, required: false),
                new Argument("max", ArgumentKind.Scalar, required: false),
                new Argument("inclusive", ArgumentKind.Boolean, required: false)) with { Validate = NeedsMinOrMax }),
        new(Regex,
            column: Level.Of("regex: { pattern: '^[A-Z]{2}[0-9]+$' }", new Argument("pattern", ArgumentKind.Text, required: true))),
        new(Length,
            column: Level.Of("length: { min: 1, max: 64 }",
                new Argument("min", ArgumentKind.NonNegativeInteger, required: false),
                new Argument("max", ArgumentKind.NonNegativeInteger, required: false)) with { Validate = NeedsMinOrMax }),
        new(Completeness,
            column: Level.Of("completeness: { min_ratio: 0.95 }", new Argument("min_ratio", ArgumentKind.Ratio, required: true))),
        new(Freshness,
            column: Level.Of("freshness: { max_age: 1d }", new Argument("max_age", ArgumentKind.Duration, required: true)),
            table: Level.Of("freshness: { column: updated_at, max_age: 6h }",
                new Argument("column", ArgumentKind.Name, required: false),
                new Argument("max_age", ArgumentKind.Duration, required: true))),
        new(Schema,
            table: Level.Of("schema: { columns: { id: BIGINT, name: VARCHAR }, allow_extra: false }",
                new Argument("columns", ArgumentKind.ColumnList, required: true),
                new Argument("allow_extra", ArgumentKind.Boolean, required: false))),
        new(Expression,
            table: Level.Of("expression: { sql: \"amount >= 0 OR status = 'refund'\" }", new Argument("sql", ArgumentKind.Text, required: true))),
        new(Sql,
            table: Level.Of("sql: { query: \"SELECT * FROM orders WHERE shipped_at < ordered_at\" }",
                new Argument("query", ArgumentKind.Text, required: true))),
        new(Anomaly,
            column: Level.Of("anomaly: { metric: null_ratio, window: 10 }",
                new Argument("metric", ArgumentKind.Metric, required: true),
                new Argument("window", ArgumentKind.PositiveInteger, required: false),
                new Argument("threshold", ArgumentKind.PositiveNumber, required: false)),
            table: Level.Of("anomaly: { metric: row_count, window: 10 }",
                new Argument("metric", ArgumentKind.Metric, required: true),
                new Argument("column", ArgumentKind.Name, required: false),
                new Argument("window", ArgumentKind.PositiveInteger, required: false),
                new Argument("threshold", ArgumentKind.PositiveNumber, required: false)) with { Validate = MetricNeedsColumn }),
        new(Drift,
            column: Level.Of("drift: { baseline: previous, threshold: 0.2 }",
                new Argument("baseline", ArgumentKind.Name, required: false),
                new Argument("method", ArgumentKind.Name, required: false),
                new Argument("threshold", ArgumentKind.PositiveNumber, required: false)),
            table: Level.Of("drift: { column: amount, baseline: previous }",
                new Argument("column", ArgumentKind.Name, required: true),
                new Argument("baseline", ArgumentKind.Name, required: false),
                new Argument("method", ArgumentKind.Name, required: false),
                new Argument("threshold", ArgumentKind.PositiveNumber, required: false))),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The check types that may be declared under a column's <c>checks:</c>, sorted.</summary>
    public static IReadOnlyList<string> ColumnChecks { get; } =
        [.. s_definitions.Values.Where(d => d.Column is not null).Select(d => d.Name).Order(StringComparer.Ordinal)];

    /// <summary>The check types that may be declared under an asset's <c>checks:</c>, sorted.</summary>
    public static IReadOnlyList<string> TableChecks { get; } =
        [.. s_definitions.Values.Where(d => d.Table is not null).Select(d => d.Name).Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="type"/> may be declared under a column.</summary>
    public static bool IsColumnCheck(string type) => s_definitions.TryGetValue(type, out var d) && d.Column is not null;

    /// <summary>Whether <paramref name="type"/> may be declared under an asset (table level).</summary>
    public static bool IsTableCheck(string type) => s_definitions.TryGetValue(type, out var d) && d.Table is not null;

    /// <summary>Whether failures of <paramref name="type"/> are single rows (see <see cref="RowLevelChecks"/>).</summary>
    public static bool IsRowLevel(string type) => RowLevelChecks.Contains(type, StringComparer.Ordinal);

    /// <summary>
    /// Validates a declared check: a known type, at a level it may be declared at, with known, present and well-typed
    /// arguments. Returns one <see cref="DiagnosticCodes.InvalidCheck"/> error per problem, at the check's location; empty
    /// when the check is valid. Messages never quote argument values (they may come from the environment).
    /// </summary>
    /// <remarks>
    /// Whether a <c>relationships</c> check's <c>to</c> names an asset of the project is checked when the graph is built;
    /// whether <c>quarantine: true</c> is allowed (a row-level check on a source) is checked by the loader.
    /// </remarks>
    public static IReadOnlyList<Diagnostic> Validate(CheckSpec check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var problems = new List<Diagnostic>();
        var atColumn = check.Column is not null;
        if (!s_definitions.TryGetValue(check.Type, out var definition))
        {
            var valid = atColumn ? ColumnChecks : TableChecks;
            var label = atColumn ? "column checks" : "table checks";
            problems.Add(Problem(check, $"unknown check '{check.Type}'",
                NameSuggestions.DidYouMean(check.Type, s_definitions.Keys) ?? $"{label}: {string.Join(", ", valid)}"));
            return problems;
        }

        var level = atColumn ? definition.Column : definition.Table;
        if (level is null)
        {
            problems.Add(atColumn
                ? Problem(check, $"'{check.Type}' is a table check, not a column check",
                    $"move it under the asset's checks:; column checks: {string.Join(", ", ColumnChecks)}")
                : Problem(check, $"'{check.Type}' is a column check, not a table check",
                    $"move it under a column's checks:; table checks: {string.Join(", ", TableChecks)}"));
            return problems;
        }

        foreach (var (name, value) in check.Arguments)
        {
            if (!level.Arguments.TryGetValue(name, out var argument))
            {
                var hint = level.Arguments.Count == 0
                    ? $"'{check.Type}' takes no arguments here"
                    : NameSuggestions.DidYouMeanOrList(name, level.Arguments.Keys, $"arguments of '{check.Type}'");
                problems.Add(Problem(check, $"check '{check.Type}' has no argument '{name}'", hint));
            }
            else if (!IsValid(argument.Kind, value))
            {
                problems.Add(Problem(check, $"'{name}' of check '{check.Type}' must be {Describe(argument.Kind)}",
                    $"e.g. {level.Example}"));
            }
        }

        foreach (var argument in level.Arguments.Values)
        {
            if (argument.Required && !check.Arguments.ContainsKey(argument.Name))
            {
                problems.Add(Problem(check, $"check '{check.Type}' needs '{argument.Name}'", $"e.g. {level.Example}"));
            }
        }

        if (problems.Count == 0 && level.Validate is { } validate)
        {
            problems.AddRange(validate(check, level));
        }

        return problems;
    }

    private static IEnumerable<Diagnostic> NeedsMinOrMax(CheckSpec check, Level level)
    {
        var hasMin = check.Arguments.ContainsKey("min");
        var hasMax = check.Arguments.ContainsKey("max");
        if (!hasMin && !hasMax)
        {
            yield return Problem(check, $"check '{check.Type}' needs 'min', 'max' or both", $"e.g. {level.Example}");
        }
        else if (Number(check, "min") is { } min && Number(check, "max") is { } max && min > max)
        {
            yield return Problem(check, $"check '{check.Type}' has 'min' greater than 'max'", "make min <= max");
        }
    }

    private static IEnumerable<Diagnostic> MetricNeedsColumn(CheckSpec check, Level level)
    {
        if (check.Arguments.TryGetValue("metric", out var metric) && metric is string name && name != "row_count"
            && !check.Arguments.ContainsKey("column"))
        {
            yield return Problem(check, $"metric '{name}' of check '{check.Type}' needs 'column'",
                "e.g. anomaly: { metric: null_ratio, column: email }, or declare it under the column's checks:");
        }
    }

    private static double? Number(CheckSpec check, string name) =>
        check.Arguments.TryGetValue(name, out var value) && value is string text &&
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static bool IsValid(ArgumentKind kind, object? value) => kind switch
    {
        ArgumentKind.NonEmptyList => value is IReadOnlyList<object?> list && list.Count > 0 && list.All(v => v is string),
        ArgumentKind.NameList => value is IReadOnlyList<object?> list && list.Count > 0 && list.All(v => v is string { Length: > 0 }),
        ArgumentKind.Name or ArgumentKind.Text => value is string { Length: > 0 },
        ArgumentKind.Scalar => value is string { Length: > 0 },
        ArgumentKind.NonNegativeInteger => value is string text &&
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        ArgumentKind.PositiveInteger => value is string text &&
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0,
        ArgumentKind.PositiveNumber => value is string text &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x),
        ArgumentKind.Ratio => value is string text &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1,
        ArgumentKind.Boolean => value is "true" or "false",
        ArgumentKind.Duration => value is string text && DurationParser.TryParse(text, out var d) && d > TimeSpan.Zero,
        ArgumentKind.Metric => value is string text && AnomalyMetrics.Contains(text, StringComparer.Ordinal),
        ArgumentKind.ColumnList => IsColumnList(value),
        _ => false,
    };

    private static bool IsColumnList(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.Count > 0 && map.All(p => p.Key.Length > 0 && p.Value is null or string),
        IReadOnlyList<object?> list => list.Count > 0 && list.All(item => item switch
        {
            string { Length: > 0 } => true,
            IReadOnlyDictionary<string, object?> column => column.TryGetValue("name", out var name) && name is string { Length: > 0 }
                && column.Keys.All(k => k is "name" or "type") && (!column.TryGetValue("type", out var type) || type is null or string),
            _ => false,
        }),
        _ => false,
    };

    private static string Describe(ArgumentKind kind) => kind switch
    {
        ArgumentKind.NonEmptyList => "a non-empty list of values",
        ArgumentKind.NameList => "a non-empty list of column names",
        ArgumentKind.Name => "a name",
        ArgumentKind.Text => "a non-empty text",
        ArgumentKind.Scalar => "a value (a number, a date or a timestamp)",
        ArgumentKind.PositiveInteger => "an integer > 0",
        ArgumentKind.PositiveNumber => "a number > 0",
        ArgumentKind.Ratio => "a number from 0 to 1",
        ArgumentKind.Boolean => "true or false",
        ArgumentKind.Duration => $"a duration ({DurationParser.Examples})",
        ArgumentKind.Metric => $"one of {string.Join(", ", AnomalyMetrics)}",
        ArgumentKind.ColumnList => "a list of column names, a list of { name, type } maps or a map of name to type",
        _ => "an integer >= 0",
    };

    private static Diagnostic Problem(CheckSpec check, string message, string hint) =>
        Diagnostic.Error(DiagnosticCodes.InvalidCheck, check.Location, message, hint);

    private enum ArgumentKind
    {
        NonEmptyList,
        NameList,
        Name,
        Text,
        Scalar,
        NonNegativeInteger,
        PositiveInteger,
        PositiveNumber,
        Ratio,
        Boolean,
        Duration,
        Metric,
        ColumnList,
    }

    private sealed class Argument(string name, ArgumentKind kind, bool required)
    {
        public string Name { get; } = name;

        public ArgumentKind Kind { get; } = kind;

        public bool Required { get; } = required;
    }

    private sealed record Level(string Example, IReadOnlyDictionary<string, Argument> Arguments)
    {
        public Func<CheckSpec, Level, IEnumerable<Diagnostic>>? Validate { get; init; }

        public static Level Of(string example, params Argument[] arguments) =>
            new(example, arguments.ToDictionary(a => a.Name, StringComparer.Ordinal));
    }

    private sealed class Definition(string name, Level? column = null, Level? table = null)
    {
        public string Name { get; } = name;

        public Level? Column { get; } = column;

        public Level? Table { get; } = table;
    }
}
