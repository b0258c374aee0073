using System.Globalization;
using Weir.Diagnostics;
using Weir.Project;

namespace Weir.Checks;

/// <summary>
/// The catalogue of check types Weir knows: which are column checks and which are table checks, and the arguments each takes.
/// Loading validates every declared check here, so a new check type is added in this one place.
/// </summary>
public static class CheckTypes
{
    /// <summary>Column check: no value is NULL. No arguments.</summary>
    public const string NotNull = "not_null";

    /// <summary>Column check: no value occurs twice (NULLs ignored). No arguments.</summary>
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

    private static readonly Dictionary<string, Definition> s_definitions = new Definition[]
    {
        new(NotNull, isColumnCheck: true, "not_null"),
        new(Unique, isColumnCheck: true, "unique"),
        new(AcceptedValues, isColumnCheck: true, "accepted_values: { values: [a, b] }",
            new Argument("values", ArgumentKind.NonEmptyList, required: true)),
        new(Relationships, isColumnCheck: true, "relationships: { to: customers, field: customer_id }",
            new Argument("to", ArgumentKind.Name, required: true),
            new Argument("field", ArgumentKind.Name, required: true)),
        new(RowCount, isColumnCheck: false, "row_count: { min: 1, max: 1000 }",
            new Argument("min", ArgumentKind.NonNegativeInteger, required: false),
            new Argument("max", ArgumentKind.NonNegativeInteger, required: false))
        {
            Validate = ValidateRowCount,
        },
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The column check types, sorted.</summary>
    public static IReadOnlyList<string> ColumnChecks { get; } =
        [.. s_definitions.Values.Where(d => d.IsColumnCheck).Select(d => d.Name).Order(StringComparer.Ordinal)];

    /// <summary>The table check types, sorted.</summary>
    public static IReadOnlyList<string> TableChecks { get; } =
        [.. s_definitions.Values.Where(d => !d.IsColumnCheck).Select(d => d.Name).Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="type"/> is a known column check.</summary>
    public static bool IsColumnCheck(string type) => s_definitions.TryGetValue(type, out var d) && d.IsColumnCheck;

    /// <summary>Whether <paramref name="type"/> is a known table check.</summary>
    public static bool IsTableCheck(string type) => s_definitions.TryGetValue(type, out var d) && !d.IsColumnCheck;

    /// <summary>
    /// Validates a declared check: a known type, at the right level (column or table), with known, present and
    /// well-typed arguments. Returns one <see cref="DiagnosticCodes.InvalidCheck"/> error per problem, at the check's
    /// location; empty when the check is valid. Messages never quote argument values (they may come from the environment).
    /// </summary>
    /// <remarks>
    /// Whether a <c>relationships</c> check's <c>to</c> names an asset of the project is checked when the graph is built.
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

        if (definition.IsColumnCheck != atColumn)
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
            if (!definition.Arguments.TryGetValue(name, out var argument))
            {
                var hint = definition.Arguments.Count == 0
                    ? $"'{check.Type}' takes no arguments"
                    : NameSuggestions.DidYouMeanOrList(name, definition.Arguments.Keys, $"arguments of '{check.Type}'");
                problems.Add(Problem(check, $"check '{check.Type}' has no argument '{name}'", hint));
            }
            else if (!IsValid(argument.Kind, value))
            {
                problems.Add(Problem(check, $"'{name}' of check '{check.Type}' must be {Describe(argument.Kind)}",
                    $"e.g. {definition.Example}"));
            }
        }

        foreach (var argument in definition.Arguments.Values)
        {
            if (argument.Required && !check.Arguments.ContainsKey(argument.Name))
            {
                problems.Add(Problem(check, $"check '{check.Type}' needs '{argument.Name}'", $"e.g. {definition.Example}"));
            }
        }

        if (problems.Count == 0 && definition.Validate is { } validate)
        {
            problems.AddRange(validate(check, definition));
        }

        return problems;
    }

    private static IEnumerable<Diagnostic> ValidateRowCount(CheckSpec check, Definition definition)
    {
        var min = Integer(check, "min");
        var max = Integer(check, "max");
        if (min is null && max is null)
        {
            yield return Problem(check, $"check '{check.Type}' needs 'min', 'max' or both", $"e.g. {definition.Example}");
        }
        else if (min > max)
        {
            yield return Problem(check, $"check '{check.Type}' has 'min' greater than 'max'", "make min <= max");
        }
    }

    private static long? Integer(CheckSpec check, string name) =>
        check.Arguments.TryGetValue(name, out var value) && value is string text &&
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static bool IsValid(ArgumentKind kind, object? value) => kind switch
    {
        ArgumentKind.NonEmptyList => value is IReadOnlyList<object?> list && list.Count > 0 && list.All(v => v is string),
        ArgumentKind.Name => value is string text && text.Length > 0,
        ArgumentKind.NonNegativeInteger => value is string text &&
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    private static string Describe(ArgumentKind kind) => kind switch
    {
        ArgumentKind.NonEmptyList => "a non-empty list of values",
        ArgumentKind.Name => "a name",
        _ => "an integer >= 0",
    };

    private static Diagnostic Problem(CheckSpec check, string message, string hint) =>
        Diagnostic.Error(DiagnosticCodes.InvalidCheck, check.Location, message, hint);

    private enum ArgumentKind
    {
        NonEmptyList,
        Name,
        NonNegativeInteger,
    }

    private sealed class Argument(string name, ArgumentKind kind, bool required)
    {
        public string Name { get; } = name;

        public ArgumentKind Kind { get; } = kind;

        public bool Required { get; } = required;
    }

    private sealed class Definition(string name, bool isColumnCheck, string example, params Argument[] arguments)
    {
        public string Name { get; } = name;

        public bool IsColumnCheck { get; } = isColumnCheck;

        public string Example { get; } = example;

        public IReadOnlyDictionary<string, Argument> Arguments { get; } =
            arguments.ToDictionary(a => a.Name, StringComparer.Ordinal);

        public Func<CheckSpec, Definition, IEnumerable<Diagnostic>>? Validate { get; init; }
    }
}
