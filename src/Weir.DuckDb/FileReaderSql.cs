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
        Compression,
    }

    private static readonly string[] s_compressions = ["auto", "gzip", "zstd", "none"];

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
        ["compression"] = ("compression", OptionKind.Compression),
    };

    private static readonly Dictionary<string, (string Parameter, OptionKind Kind)> s_jsonOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["date_format"] = ("dateformat", OptionKind.Text),
        ["timestamp_format"] = ("timestampformat", OptionKind.Text),
        ["compression"] = ("compression", OptionKind.Compression),
    };

    private static readonly Dictionary<string, (string Parameter, OptionKind Kind)> s_noOptions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Writes the reader call for <paramref name="format"/> over <paramref name="path"/> (a file or a glob).
    /// Returns <see langword="null"/> and an error for people when an option is unknown or its value invalid.
    /// With <paramref name="fileColumn"/>, each row also has the path of its file in a column of that name.
    /// </summary>
    public static string? TryWrite(
        DuckDbEngine engine,
        SourceFormat format,
        string path,
        IReadOnlyDictionary<string, string> options,
        out string? error,
        string? fileColumn = null) =>
        TryWrite(engine, format, engine.QuoteLiteral(path), options, rejects: null, out error, fileColumn);

    /// <summary>
    /// Writes the reader call over <paramref name="files"/> (a list of paths). With <paramref name="rejects"/> (csv only),
    /// DuckDB skips the lines it cannot read (wrong column count, a value not of its declared type) and records them
    /// in the rejects tables; the files are then read without <c>union_by_name</c>, which DuckDB 1.5 does not allow with
    /// a rejects table, so they must share their columns.
    /// </summary>
    public static string? TryWrite(
        DuckDbEngine engine,
        SourceFormat format,
        IReadOnlyList<string> files,
        IReadOnlyDictionary<string, string> options,
        CsvRejects? rejects,
        out string? error,
        string? fileColumn = null) =>
        TryWrite(engine, format, "[" + string.Join(", ", files.Select(engine.QuoteLiteral)) + "]", options, rejects, out error, fileColumn);

    /// <summary>
    /// The <c>sniff_csv(…)</c> call over one CSV <paramref name="file"/> with the source's options and the rejects
    /// parameters (detection tolerates bad lines only when rejects are stored; declared types override detected ones),
    /// whose <c>Prompt</c> is the <c>read_csv</c> call DuckDB's detection settles on, all of these options included
    /// (declared types folded into its <c>columns</c>); <see langword="null"/> when an option is invalid. Sniffing samples
    /// the file and records no reject.
    /// </summary>
    public static string? TrySniff(DuckDbEngine engine, string file, IReadOnlyDictionary<string, string> options, CsvRejects rejects)
    {
        var sql = new StringBuilder("sniff_csv(").Append(engine.QuoteLiteral(file)).Append(", ").Append(RejectParameters(engine, rejects));
        return TryAppendOptions(engine, SourceFormat.Csv, s_csvOptions, options, sql, out _) ? sql.Append(')').ToString() : null;
    }

    /// <summary>
    /// The options of a <c>sniff_csv</c> prompt (<c>FROM read_csv('file', auto_detect=false, delim=…, columns={…}, …);</c>)
    /// after the path, or <see langword="null"/> when the prompt is not over <paramref name="file"/> in that form.
    /// </summary>
    public static string? PromptOptions(string prompt, string file)
    {
        var head = "FROM read_csv('" + file + "', ";
        var text = prompt.Trim();
        return text.StartsWith(head, StringComparison.Ordinal) && text.EndsWith(");", StringComparison.Ordinal) && text.Length > head.Length + 2
            ? text[head.Length..^2]
            : null;
    }

    /// <summary>
    /// The rejects reader over one CSV <paramref name="file"/> with the dialect and columns DuckDB detected already
    /// (<paramref name="pinned"/>, from <see cref="PromptOptions"/>, which carries the source's options and the rejects
    /// parameters too): each later bind of the reader (the schema plan, the write) then skips DuckDB's detection instead
    /// of sampling the file again.
    /// </summary>
    public static string WritePinned(DuckDbEngine engine, string file, string pinned, string? fileColumn)
    {
        var sql = new StringBuilder("read_csv([").Append(engine.QuoteLiteral(file)).Append(']');
        if (fileColumn is not null)
        {
            sql.Append(", filename = ").Append(engine.QuoteLiteral(fileColumn));
        }

        return sql.Append(", ").Append(pinned).Append(')').ToString();
    }

    private static string? TryWrite(
        DuckDbEngine engine,
        SourceFormat format,
        string pathLiteral,
        IReadOnlyDictionary<string, string> options,
        CsvRejects? rejects,
        out string? error,
        string? fileColumn)
    {
        var csv = rejects is null ? "union_by_name = true" : RejectParameters(engine, rejects);
        var (function, known, fixedParameters) = format switch
        {
            SourceFormat.Csv => ("read_csv", s_csvOptions, csv),
            SourceFormat.Json => ("read_json", s_jsonOptions, "format = 'auto', union_by_name = true"),
            SourceFormat.Ndjson => ("read_json", s_jsonOptions, "format = 'newline_delimited', union_by_name = true"),
            SourceFormat.Parquet => ("read_parquet", s_noOptions, string.Empty),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown source format."),
        };

        var sql = new StringBuilder();
        sql.Append(function).Append('(').Append(pathLiteral);
        if (fixedParameters.Length > 0)
        {
            sql.Append(", ").Append(fixedParameters);
        }

        if (fileColumn is not null)
        {
            // The file each row comes from, as a column of this name.
            sql.Append(", filename = ").Append(engine.QuoteLiteral(fileColumn));
        }

        if (!TryAppendOptions(engine, format, known, options, sql, out error))
        {
            return null;
        }

        sql.Append(')');
        return sql.ToString();
    }

    private static bool TryAppendOptions(
        DuckDbEngine engine,
        SourceFormat format,
        Dictionary<string, (string Parameter, OptionKind Kind)> known,
        IReadOnlyDictionary<string, string> options,
        StringBuilder sql,
        out string? error)
    {
        foreach (var (name, value) in options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!known.TryGetValue(name, out var option))
            {
                var formatName = format.ToString().ToLowerInvariant();
                error = known.Count == 0
                    ? $"unknown option '{name}': {formatName} sources take no options"
                    : $"unknown {formatName} option '{name}'; known options: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))}";
                return false;
            }

            if (!TryWriteValue(engine, option.Kind, value, out var literal))
            {
                error = option.Kind switch
                {
                    OptionKind.Boolean => $"option '{name}' must be true or false, not '{value}'",
                    OptionKind.Compression => $"option '{name}' must be one of {string.Join(", ", s_compressions)}, not '{value}'",
                    _ => $"option '{name}' must be a whole number, not '{value}'",
                };
                return false;
            }

            sql.Append(", ").Append(option.Parameter).Append(" = ").Append(literal);
        }

        error = null;
        return true;
    }

    private static string RejectParameters(DuckDbEngine engine, CsvRejects rejects)
    {
        var text = new StringBuilder()
            .Append("store_rejects = true, rejects_table = ").Append(engine.QuoteLiteral(rejects.ErrorsTable))
            .Append(", rejects_scan = ").Append(engine.QuoteLiteral(rejects.ScansTable));
        if (rejects.Types.Count > 0)
        {
            // Typed while reading, so a value that does not convert rejects its line (with the line number) instead of failing.
            text.Append(", types = {")
                .Append(string.Join(", ", rejects.Types.Select(t => $"{engine.QuoteLiteral(t.Column)}: {engine.QuoteLiteral(t.Type)}")))
                .Append('}');
        }

        return text.ToString();
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
            case OptionKind.Compression:
                var compression = value.Trim().ToLowerInvariant();
                literal = s_compressions.Contains(compression, StringComparer.Ordinal) ? engine.QuoteLiteral(compression) : string.Empty;
                return literal.Length > 0;
            default:
                literal = engine.QuoteLiteral(value);
                return true;
        }
    }
}
