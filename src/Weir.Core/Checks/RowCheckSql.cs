using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Weir.Project;

namespace Weir.Checks;

/// <summary>
/// The SQL condition that is true for the rows a row-level check (see <see cref="CheckTypes.RowLevelChecks"/>) fails on,
/// including the check's <c>where</c> filter. The check runner counts and samples these rows; ingestion uses the same
/// condition to move them to quarantine (<c>quarantine: true</c>), so both always agree on what a failing row is.
/// </summary>
/// <remarks>The text is in DuckDB's dialect (<c>regexp_matches</c>); quoting comes from the engine.</remarks>
public static class RowCheckSql
{
    /// <summary>
    /// Builds the failing-row condition of <paramref name="check"/>, e.g. <c>"id" IS NULL</c>.
    /// Returns <see langword="false"/> with a reason when the check is not row-level or its arguments are unusable.
    /// </summary>
    /// <param name="check">A row-level check; column checks use <see cref="CheckSpec.Column"/>.</param>
    /// <param name="quoteIdentifier">Quotes a column name for the engine.</param>
    /// <param name="quoteLiteral">Quotes a text literal for the engine.</param>
    /// <param name="condition">The condition, when built.</param>
    /// <param name="error">Why it could not be built (never quotes argument values).</param>
    public static bool TryBuild(
        CheckSpec check,
        Func<string, string> quoteIdentifier,
        Func<string, string> quoteLiteral,
        [NotNullWhen(true)] out string? condition,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(quoteIdentifier);
        ArgumentNullException.ThrowIfNull(quoteLiteral);
        condition = null;
        string? failing;
        if (check.Type == CheckTypes.Expression)
        {
            if (!TryText(check, "sql", out var sql))
            {
                error = "\"sql\" must be a SQL boolean over the table's columns";
                return false;
            }

            // CHECK-constraint semantics: a row fails when the expression is false; NULL passes.
            failing = $"NOT coalesce(({sql}), TRUE)";
        }
        else if (!CheckTypes.IsRowLevel(check.Type))
        {
            error = $"'{check.Type}' is not a row-level check";
            return false;
        }
        else if (string.IsNullOrEmpty(check.Column))
        {
            error = "this check needs a column: declare it under the column's checks";
            return false;
        }
        else
        {
            var column = quoteIdentifier(check.Column);
            error = null;
            failing = check.Type switch
            {
                CheckTypes.NotNull => $"{column} IS NULL",
                CheckTypes.AcceptedValues => AcceptedValues(check, column, quoteLiteral, out error),
                CheckTypes.Range => Range(check, column, quoteLiteral, out error),
                CheckTypes.Regex => Regex(check, column, quoteLiteral, out error),
                CheckTypes.Length => Length(check, column, out error),
                _ => Unknown(check, out error),
            };
            if (failing is null)
            {
                error ??= "its arguments cannot be used";
                return false;
            }
        }

        condition = check.Where is { } where ? $"({where}) AND ({failing})" : failing;
        error = null;
        return true;
    }

    private static string? Unknown(CheckSpec check, out string? error)
    {
        error = $"'{check.Type}' is not a row-level check";
        return null;
    }

    private static string? AcceptedValues(CheckSpec check, string column, Func<string, string> quoteLiteral, out string? error)
    {
        error = null;
        if (!check.Arguments.TryGetValue("values", out var raw) || raw is string || raw is not IEnumerable<object?> items)
        {
            error = "\"values\" must be a list of accepted values";
            return null;
        }

        var values = new List<string>();
        foreach (var item in items)
        {
            if (item is null)
            {
                // NULL never matches NOT IN; NULLs pass this check anyway.
                continue;
            }

            if (Scalar(item) is not { } value)
            {
                error = "\"values\" must hold plain values, not lists or maps";
                return null;
            }

            values.Add(quoteLiteral(value));
        }

        return values.Count == 0
            ? $"{column} IS NOT NULL"
            : $"{column} IS NOT NULL AND {column} NOT IN ({string.Join(", ", values)})";
    }

    private static string? Range(CheckSpec check, string column, Func<string, string> quoteLiteral, out string? error)
    {
        error = null;
        var inclusive = !check.Arguments.TryGetValue("inclusive", out var flag) || flag is not "false";
        var outside = new List<string>();
        foreach (var (name, op) in new[] { ("min", inclusive ? "<" : "<="), ("max", inclusive ? ">" : ">=") })
        {
            if (!check.Arguments.TryGetValue(name, out var raw) || raw is null)
            {
                continue;
            }

            if (Scalar(raw) is not { Length: > 0 } text)
            {
                error = $"\"{name}\" must be a number, a date or a timestamp";
                return null;
            }

            outside.Add($"{column} {op} {Literal(text, quoteLiteral)}");
        }

        if (outside.Count == 0)
        {
            error = "needs \"min\", \"max\" or both";
            return null;
        }

        return $"{column} IS NOT NULL AND ({string.Join(" OR ", outside)})";
    }

    private static string? Regex(CheckSpec check, string column, Func<string, string> quoteLiteral, out string? error)
    {
        error = null;
        if (!TryText(check, "pattern", out var pattern))
        {
            error = "\"pattern\" must be a regular expression";
            return null;
        }

        return $"{column} IS NOT NULL AND NOT regexp_matches(CAST({column} AS VARCHAR), {quoteLiteral(pattern)})";
    }

    private static string? Length(CheckSpec check, string column, out string? error)
    {
        error = null;
        var outside = new List<string>();
        foreach (var (name, op) in new[] { ("min", "<"), ("max", ">") })
        {
            if (!check.Arguments.TryGetValue(name, out var raw) || raw is null)
            {
                continue;
            }

            if (Scalar(raw) is not { } text
                || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bound))
            {
                error = $"\"{name}\" must be an integer >= 0";
                return null;
            }

            outside.Add(string.Create(CultureInfo.InvariantCulture, $"length(CAST({column} AS VARCHAR)) {op} {bound}"));
        }

        if (outside.Count == 0)
        {
            error = "needs \"min\", \"max\" or both";
            return null;
        }

        return $"{column} IS NOT NULL AND ({string.Join(" OR ", outside)})";
    }

    /// <summary>A number stays a number literal; anything else (a date, a timestamp) becomes a text literal the engine casts.</summary>
    private static string Literal(string text, Func<string, string> quoteLiteral) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString(CultureInfo.InvariantCulture)
            : quoteLiteral(text);

    private static bool TryText(CheckSpec check, string name, [NotNullWhen(true)] out string? text)
    {
        text = check.Arguments.TryGetValue(name, out var raw) ? Scalar(raw) : null;
        return !string.IsNullOrWhiteSpace(text);
    }

    private static string? Scalar(object? value) => value switch
    {
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
