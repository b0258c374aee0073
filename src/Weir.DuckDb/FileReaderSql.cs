using System.Globalization;
using System.Text;
using Weir.Project;

namespace Weir.DuckDb;

/// <summary>Writes the DuckDB table function call (<c>read_csv(…)</c>, …) that reads a file source or seed.</summary>
internal static class FileReaderSql
{
    private enum OptionKind
    {
        Text,
        Boolean,
        Integer,
    }

    // Weir's option name -> DuckDB's parameter name and how the value is written.
    private static readonly Dictionary<string, (string Parameter, OptionKind Kind)> s_csvOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["delimiter"] = ("delim", OptionKind.Text),
        ["header"] = ("header", OptionKind.Boolean),
        ["quote"] = ("quote", OptionKind.Text),
        ["escape"] = ("escape", OptionKind.Text),
        ["date_format"] = ("dateformat", OptionKind.Text),
        ["timestamp_format"] = ("timestampformat", OptionKind.Text),
        ["encoding"] = ("encoding", OptionKind.Text),
        ["skip"] = ("skip", OptionKind.Integer),
        ["null_string"] = ("nullstr", OptionKind.Text),
        ["all_varchar"] = ("all_varchar", OptionKind.Boolean),
    };

    private static readonly Dictionary<string, (string Parameter, OptionKind Kind)> s_jsonOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["date_format"] = ("dateformat", OptionKind.Text),
        ["timestamp_format"] = ("timestampformat", OptionKind.Text),
    };

    private static readonly Dictionary<string, (string Parameter, OptionKind Kind)> s_noOptions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Writes the reader call for <paramref name="format"/> over <paramref name="path"/> (a file or a glob).
    /// Returns <see langword="null"/> and an error for people when an option is unknown or its value invalid.
    /// </summary>
    public static string? TryWrite(
        DuckDbEngine engine,
        SourceFormat format,
        string path,
        IReadOnlyDictionary<string, string> options,
        out string? error)
    {
        var (function, known, fixedParameters) = format switch
        {
            SourceFormat.Csv => ("read_csv", s_csvOptions, "union_by_name = true"),
            SourceFormat.Json => ("read_json", s_jsonOptions, "format = 'auto', union_by_name = true"),
            SourceFormat.Ndjson => ("read_json", s_jsonOptions, "format = 'newline_delimited', union_by_name = true"),
            SourceFormat.Parquet => ("read_parquet", s_noOptions, string.Empty),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown source format."),
        };

        var sql = new StringBuilder();
        sql.Append(function).Append('(').Append(engine.QuoteLiteral(path));
        if (fixedParameters.Length > 0)
        {
            sql.Append(", ").Append(fixedParameters);
        }

        foreach (var (name, value) in options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!known.TryGetValue(name, out var option))
            {
                var formatName = format.ToString().ToLowerInvariant();
                error = known.Count == 0
                    ? $"unknown option '{name}': {formatName} sources take no options"
                    : $"unknown {formatName} option '{name}'; known options: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))}";
                return null;
            }

            if (!TryWriteValue(engine, option.Kind, value, out var literal))
            {
                error = option.Kind == OptionKind.Boolean
                    ? $"option '{name}' must be true or false, not '{value}'"
                    : $"option '{name}' must be a whole number, not '{value}'";
                return null;
            }

            sql.Append(", ").Append(option.Parameter).Append(" = ").Append(literal);
        }

        sql.Append(')');
        error = null;
        return sql.ToString();
    }

    private static bool TryWriteValue(DuckDbEngine engine, OptionKind kind, string value, out string literal)
    {
        switch (kind)
        {
            case OptionKind.Boolean:
                var text = value.Trim().ToLowerInvariant();
                literal = text switch
                {
                    "true" or "yes" or "on" or "1" => "true",
                    "false" or "no" or "off" or "0" => "false",
                    _ => string.Empty,
                };
                return literal.Length > 0;
            case OptionKind.Integer:
                if (long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0)
                {
                    literal = number.ToString(CultureInfo.InvariantCulture);
                    return true;
                }

                literal = string.Empty;
                return false;
            default:
                literal = engine.QuoteLiteral(value);
                return true;
        }
    }
}
