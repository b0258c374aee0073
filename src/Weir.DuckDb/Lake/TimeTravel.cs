using System.Globalization;
using System.Text;
using System.Text.Json;
using Weir.Engine;
using Weir.Lake;
using Weir.Lake.Log;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Time travel in SQL with DuckDB's own syntax: <c>FROM orders AT (VERSION =&gt; 3)</c> or
/// <c>FROM orders AT (TIMESTAMP =&gt; TIMESTAMP '2026-01-31 12:00:00')</c>. Each such reference is replaced by a temporary
/// view over the table's snapshot at that version or time, so the rest of the query is untouched.
/// </summary>
public static class TimeTravel
{
    /// <summary>
    /// Rewrites <paramref name="sql"/>, creating the temporary views in <paramref name="session"/>. A query without
    /// <c>AT (…)</c> is returned as it is. <paramref name="resolve"/> finds the Delta table behind a table name.
    /// </summary>
    /// <exception cref="TimeTravelException">The table is not a lake table, or the version or time is not in its log.</exception>
    public static async Task<string> RewriteAsync(
        ISqlSession session,
        string sql,
        Func<string, CancellationToken, Task<(DeltaLog Log, string Folder)>> resolve,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(resolve);
        if (sql.IndexOf(" at", StringComparison.OrdinalIgnoreCase) < 0 && sql.IndexOf("\nat", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return sql;
        }

        var json = (string?)await session.ScalarAsync($"SELECT json_serialize_sql({Literal(sql)})", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(json ?? "{}");
        var references = new List<(string Table, string Alias, int Start, string Unit)>();
        Collect(document.RootElement, references);
        if (references.Count == 0)
        {
            return sql;
        }

        var bytes = Encoding.UTF8.GetBytes(sql);
        var rewritten = new StringBuilder(sql);
        var number = 0;
        foreach (var reference in references.OrderByDescending(r => r.Start))
        {
            var start = Encoding.UTF8.GetCharCount(bytes, 0, reference.Start);
            var (end, expression) = FindAtClause(sql, start)
                ?? throw new TimeTravelException($"cannot find the AT (…) clause after '{reference.Table}'");
            var (log, folder) = await resolve(reference.Table, cancellationToken).ConfigureAwait(false);
            var value = (await session.ScalarAsync($"SELECT CAST(({expression}) AS VARCHAR)", cancellationToken).ConfigureAwait(false))?.ToString()
                ?? throw new TimeTravelException($"the {reference.Unit} for '{reference.Table}' is NULL");
            Snapshot snapshot;
            try
            {
                snapshot = reference.Unit == "VERSION"
                    ? await log.LoadSnapshotAsync(long.Parse(value, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false)
                    : await log.LoadSnapshotAtAsync(ParseTime(value), cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException)
            {
                throw new TimeTravelException($"'{value}' is not a {reference.Unit.ToLowerInvariant()} (write VERSION => 3 or TIMESTAMP => '2026-01-31 12:00:00')");
            }
            catch (WeirException ex)
            {
                throw new TimeTravelException($"'{reference.Table}' {reference.Unit.ToLowerInvariant()} {value}: {ex.Message}", ex);
            }

            var view = string.Create(CultureInfo.InvariantCulture, $"__weir_{reference.Table}_v{snapshot.Version}_{number++}");
            await session.ExecuteAsync(
                $"CREATE OR REPLACE TEMP VIEW {SqlText.Identifier(view)} AS {DeltaScanBuilder.Build(snapshot, folder).Sql}",
                cancellationToken).ConfigureAwait(false);
            var replacement = SqlText.Identifier(view) + " AS " + SqlText.Identifier(reference.Alias.Length > 0 ? reference.Alias : reference.Table);
            rewritten.Remove(start, end - start).Insert(start, replacement);
        }

        return rewritten.ToString();
    }

    private static void Collect(JsonElement element, List<(string Table, string Alias, int Start, string Unit)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "BASE_TABLE"
                    && element.TryGetProperty("at_clause", out var at) && at.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("query_location", out var location) && location.TryGetInt64(out var offset) && offset >= 0
                    && offset < int.MaxValue)
                {
                    found.Add((
                        element.GetProperty("table_name").GetString() ?? string.Empty,
                        element.TryGetProperty("alias", out var alias) ? alias.GetString() ?? string.Empty : string.Empty,
                        (int)offset,
                        at.GetProperty("unit").GetString()?.ToUpperInvariant() ?? "VERSION"));
                }

                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, found);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found);
                }

                break;
        }
    }

    /// <summary>From a table reference at <paramref name="start"/>: the end of its <c>AT (unit =&gt; expr)</c> and the expression.</summary>
    private static (int End, string Expression)? FindAtClause(string sql, int start)
    {
        var i = start;
        // The (possibly qualified, possibly quoted) name.
        while (i < sql.Length && !char.IsWhiteSpace(sql[i]))
        {
            if (sql[i] == '"')
            {
                var close = sql.IndexOf('"', i + 1);
                i = close < 0 ? sql.Length : close + 1;
            }
            else if (sql[i] == '(')
            {
                break;
            }
            else
            {
                i++;
            }
        }

        i = SkipWhiteSpace(sql, i);
        if (!IsWord(sql, i, "at"))
        {
            // DuckDB's grammar puts the alias first: `orders [AS] o AT (…)`.
            if (IsWord(sql, i, "as"))
            {
                i = SkipWhiteSpace(sql, i + 2);
            }

            i = SkipIdentifier(sql, i);
            i = SkipWhiteSpace(sql, i);
            if (!IsWord(sql, i, "at"))
            {
                return null;
            }
        }

        var open = sql.IndexOf('(', i + 2);
        var arrow = open < 0 ? -1 : sql.IndexOf("=>", open, StringComparison.Ordinal);
        if (arrow < 0)
        {
            return null;
        }

        var depth = 0;
        for (var j = open; j < sql.Length; j++)
        {
            switch (sql[j])
            {
                case '\'':
                    j = sql.IndexOf('\'', j + 1);
                    if (j < 0)
                    {
                        return null;
                    }

                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return (j + 1, sql[(arrow + 2)..j].Trim());
                    }

                    break;
            }
        }

        return null;
    }

    private static int SkipWhiteSpace(string sql, int i)
    {
        while (i < sql.Length && char.IsWhiteSpace(sql[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipIdentifier(string sql, int i)
    {
        if (i < sql.Length && sql[i] == '"')
        {
            var close = sql.IndexOf('"', i + 1);
            return close < 0 ? sql.Length : close + 1;
        }

        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        return i;
    }

    private static bool IsWord(string sql, int i, string word) =>
        i + word.Length <= sql.Length
        && sql.AsSpan(i, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
        && (i + word.Length == sql.Length || !char.IsLetterOrDigit(sql[i + word.Length]));

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
