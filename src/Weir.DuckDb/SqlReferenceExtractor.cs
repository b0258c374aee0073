using System.Globalization;
using System.Text;
using System.Text.Json;
using Weir.Engine;

namespace Weir.DuckDb;

/// <summary>
/// Turns the JSON that DuckDB's <c>json_serialize_sql</c> returns for one SQL text into a <see cref="SqlAnalysis"/>:
/// walks every object and array of the AST, collects <c>BASE_TABLE</c> and <c>TABLE_FUNCTION</c> references, and
/// drops table names that a CTE in scope defines.
/// </summary>
/// <remarks>
/// Facts about the JSON this relies on (DuckDB 1.5, checked by the tests):
/// <list type="bullet">
/// <item>Success: <c>{"error":false,"statements":[{"node":{...}}, ...]}</c>, one entry per statement.</item>
/// <item>Syntax error: <c>{"error":true,"error_type":"parser","error_message":...,"position":"21"}</c>; the position is a
/// string holding a 0-based offset in Unicode code points.</item>
/// <item>Any statement other than a SELECT (and a PIVOT without an IN list, which DuckDB rewrites into several
/// statements): <c>{"error":true,"error_type":"not implemented","error_message":"Only SELECT statements can be
/// serialized to json!"}</c>, without a position.</item>
/// <item>Table reference: <c>{"type":"BASE_TABLE","catalog_name":..,"schema_name":..,"table_name":..,
/// "query_location":N}</c>; the location is a 0-based offset in UTF-8 bytes, and absent (or 2^64-1) when unknown.</item>
/// <item>Table function: <c>{"type":"TABLE_FUNCTION","function":{"function_name":..}}</c>.</item>
/// <item>CTEs: every query node may hold <c>"cte_map":{"map":[{"key":name,"value":{"query":{...}}}]}</c> in
/// declaration order; a recursive CTE's body is a <c>RECURSIVE_CTE_NODE</c> carrying its <c>cte_name</c>.</item>
/// </list>
/// </remarks>
internal sealed class SqlReferenceExtractor
{
    internal const string NotSelectMessage =
        "not a single SELECT: DuckDB can only analyze SELECT statements, and this text holds another kind of statement " +
        "(CREATE, INSERT, UPDATE, SET, …) or a PIVOT without an explicit IN list";

    private readonly string _sql;
    private readonly bool _isAscii;
    private readonly List<Found> _tables = [];
    private readonly List<string> _functions = [];
    private int _order;

    private SqlReferenceExtractor(string sql)
    {
        _sql = sql;
        _isAscii = Ascii.IsValid(sql);
    }

    /// <summary>Analyzes the <c>json_serialize_sql</c> output <paramref name="json"/> of <paramref name="sql"/>.</summary>
    public static SqlAnalysis Analyze(string sql, string json)
    {
        using var document = JsonDocument.Parse(json);
        return Analyze(sql, document.RootElement);
    }

    /// <summary>Analyzes the parsed <c>json_serialize_sql</c> output <paramref name="root"/> of <paramref name="sql"/>.</summary>
    public static SqlAnalysis Analyze(string sql, JsonElement root)
    {
        var extractor = new SqlReferenceExtractor(sql);
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            return extractor.MapError(root);
        }

        if (!root.TryGetProperty("statements", out var statements) || statements.ValueKind != JsonValueKind.Array)
        {
            return SqlAnalysis.Failed("DuckDB returned an analysis without statements.", null);
        }

        var count = 0;
        foreach (var statement in statements.EnumerateArray())
        {
            count++;
            extractor.Walk(statement, null);
        }

        string? problem = count switch
        {
            0 => "not a single SELECT: the text holds no statement",
            1 => null,
            _ => string.Create(CultureInfo.InvariantCulture, $"not a single SELECT: the text holds {count} statements"),
        };

        return new SqlAnalysis
        {
            Success = true,
            Error = problem,
            IsSingleQuery = count == 1,
            Tables = extractor.DistinctTables(),
            TableFunctions = extractor._functions.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
        };
    }

    /// <summary>Converts a 0-based offset in UTF-8 bytes of <paramref name="text"/> to a UTF-16 character index.</summary>
    internal static int Utf8OffsetToIndex(string text, long byteOffset)
    {
        long bytes = 0;
        var i = 0;
        while (i < text.Length && bytes < byteOffset)
        {
            var c = text[i];
            if (c < 0x80)
            {
                bytes += 1;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else
            {
                bytes += 3;
            }

            i++;
        }

        return i;
    }

    /// <summary>Converts a 0-based offset in Unicode code points of <paramref name="text"/> to a UTF-16 character index.</summary>
    internal static int CodePointOffsetToIndex(string text, long codePoints)
    {
        long seen = 0;
        var i = 0;
        while (i < text.Length && seen < codePoints)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            i++;
            seen++;
        }

        return i;
    }

    private SqlAnalysis MapError(JsonElement root)
    {
        var type = GetString(root, "error_type");
        var message = GetString(root, "error_message") ?? "DuckDB could not parse the SQL.";
        if (string.Equals(type, "not implemented", StringComparison.OrdinalIgnoreCase)
            && message.Contains("Only SELECT", StringComparison.OrdinalIgnoreCase))
        {
            // The parser accepted the text; only the serializer refused it for not being a SELECT.
            return new SqlAnalysis { Success = true, IsSingleQuery = false, Error = NotSelectMessage };
        }

        int? offset = null;
        if (root.TryGetProperty("position", out var position) && TryGetLong(position, out var codePoints) && codePoints >= 0)
        {
            offset = CodePointOffsetToIndex(_sql, codePoints);
        }

        return SqlAnalysis.Failed(message, offset);
    }

    private void Walk(JsonElement element, CteScope? scope)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, scope);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var type = GetString(element, "type");
        switch (type)
        {
            case "BASE_TABLE":
                AddTable(element, scope);
                break;
            case "TABLE_FUNCTION":
                AddFunction(element);
                break;
            case "RECURSIVE_CTE_NODE":
                // A recursive CTE reads itself: its own name is in scope in its body.
                if (GetString(element, "cte_name") is { Length: > 0 } cteName)
                {
                    scope = new CteScope(cteName, scope);
                }

                break;
            default:
                // Literal values hold data, never references; skipping them also saves time.
                if (string.Equals(GetString(element, "class"), "CONSTANT", StringComparison.Ordinal))
                {
                    return;
                }

                break;
        }

        if (element.TryGetProperty("cte_map", out var cteMap))
        {
            scope = WalkCtes(cteMap, scope);
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                && !property.NameEquals("cte_map"))
            {
                Walk(property.Value, scope);
            }
        }
    }

    /// <summary>
    /// Walks the CTE bodies of one WITH, each with the CTEs declared before it in scope, and returns the scope
    /// of the query that owns the WITH: every CTE of it.
    /// </summary>
    private CteScope? WalkCtes(JsonElement cteMap, CteScope? scope)
    {
        if (!cteMap.TryGetProperty("map", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return scope;
        }

        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.TryGetProperty("value", out var body))
            {
                Walk(body, scope);
            }

            if (GetString(entry, "key") is { Length: > 0 } name)
            {
                scope = new CteScope(name, scope);
            }
        }

        return scope;
    }

    private void AddTable(JsonElement element, CteScope? scope)
    {
        var name = GetString(element, "table_name");
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var catalog = NullIfEmpty(GetString(element, "catalog_name"));
        var schema = NullIfEmpty(GetString(element, "schema_name"));
        if (catalog is null && schema is null && scope is not null && scope.Defines(name))
        {
            return;
        }

        int? offset = null;
        if (element.TryGetProperty("query_location", out var location)
            && location.TryGetUInt64(out var bytes)
            && bytes <= int.MaxValue)
        {
            offset = _isAscii ? (int)bytes : Utf8OffsetToIndex(_sql, (long)bytes);
        }

        _tables.Add(new Found(new TableReference(catalog, schema, name, offset), _order++));
    }

    private void AddFunction(JsonElement element)
    {
        if (element.TryGetProperty("function", out var function)
            && GetString(function, "function_name") is { Length: > 0 } name)
        {
            _functions.Add(name);
        }
    }

    private TableReference[] DistinctTables()
    {
        // Each table once, at its first occurrence in the text (walk order where the parser gave no offset).
        return _tables
            .OrderBy(f => f.Reference.Offset ?? int.MaxValue)
            .ThenBy(f => f.Order)
            .DistinctBy(f => f.Reference.QualifiedName, StringComparer.OrdinalIgnoreCase)
            .Select(f => f.Reference)
            .ToArray();
    }

    private static string? GetString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool TryGetLong(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private readonly record struct Found(TableReference Reference, int Order);

    /// <summary>The CTE names visible at a point of the tree, innermost first.</summary>
    private sealed class CteScope(string name, CteScope? parent)
    {
        public bool Defines(string table)
        {
            for (var scope = this; scope is not null; scope = scope.Parent)
            {
                if (string.Equals(scope.Name, table, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private string Name { get; } = name;

        private CteScope? Parent { get; } = parent;
    }
}
