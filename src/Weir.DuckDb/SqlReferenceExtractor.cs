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
/// <item>CTEs: every query node (<c>"type":"…_NODE"</c>, written first) holds
/// <c>"cte_map":{"map":[{"key":name,"value":{"query":{...}}}]}</c> in declaration order, after its <c>modifiers</c>
/// and before everything else; a recursive CTE's body is a <c>RECURSIVE_CTE_NODE</c> carrying its <c>cte_name</c>.
/// Expressions write <c>"class"</c> first.</item>
/// </list>
/// The JSON is read in one streaming pass (no DOM); the properties of a query node that come before its
/// <c>cte_map</c> are skipped and walked afterwards, once the node's CTEs are known.
/// </remarks>
internal sealed class SqlReferenceExtractor
{
    internal const string NotSelectMessage =
        "not a single SELECT: DuckDB can only analyze SELECT statements, and this text holds another kind of statement " +
        "(CREATE, INSERT, UPDATE, SET, …) or a PIVOT without an explicit IN list";

    private readonly string _sql;
    private readonly ReadOnlyMemory<byte> _json;
    private readonly bool _isAscii;
    private readonly List<Found> _tables = [];
    private readonly List<string> _functions = [];

    private SqlReferenceExtractor(string sql, ReadOnlyMemory<byte> json)
    {
        _sql = sql;
        _json = json;
        _isAscii = Ascii.IsValid(sql);
    }

    private enum NodeKind
    {
        Other,
        BaseTable,
        TableFunction,
        QueryNode,
        Constant,
    }

    /// <summary>Analyzes the <c>json_serialize_sql</c> output <paramref name="json"/> of <paramref name="sql"/>.</summary>
    public static SqlAnalysis Analyze(string sql, string json) => Analyze(sql, Encoding.UTF8.GetBytes(json));

    /// <summary>Analyzes the UTF-8 <c>json_serialize_sql</c> output <paramref name="json"/> of <paramref name="sql"/>.</summary>
    public static SqlAnalysis Analyze(string sql, ReadOnlyMemory<byte> json)
    {
        var extractor = new SqlReferenceExtractor(sql, json);
        var reader = new Utf8JsonReader(json.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return SqlAnalysis.Failed("DuckDB returned an analysis that is not a JSON object.", null);
        }

        var isError = false;
        string? errorType = null;
        string? errorMessage = null;
        long? position = null;
        int? statements = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                isError = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("error_type"u8))
            {
                reader.Read();
                errorType = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("error_message"u8))
            {
                reader.Read();
                errorMessage = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("position"u8))
            {
                reader.Read();
                position = TryGetLong(ref reader, out var value) ? value : null;
            }
            else if (reader.ValueTextEquals("statements"u8))
            {
                reader.Read();
                statements = extractor.WalkStatements(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (isError)
        {
            return extractor.MapError(errorType, errorMessage, position);
        }

        if (statements is not { } count)
        {
            return SqlAnalysis.Failed("DuckDB returned an analysis without statements.", null);
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

    private SqlAnalysis MapError(string? type, string? message, long? position)
    {
        message ??= "DuckDB could not parse the SQL.";
        if (string.Equals(type, "not implemented", StringComparison.OrdinalIgnoreCase)
            && message.Contains("Only SELECT", StringComparison.OrdinalIgnoreCase))
        {
            // The parser accepted the text; only the serializer refused it for not being a SELECT.
            return new SqlAnalysis { Success = true, IsSingleQuery = false, Error = NotSelectMessage };
        }

        int? offset = position is { } codePoints && codePoints >= 0 ? CodePointOffsetToIndex(_sql, codePoints) : null;
        return SqlAnalysis.Failed(message, offset);
    }

    /// <summary>Walks the <c>statements</c> array the reader is on; returns how many statements it holds.</summary>
    private int WalkStatements(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            WalkValue(ref reader, 0, null);
        }

        return count;
    }

    /// <summary>Walks the value the reader is on (of a reader that starts at <paramref name="baseOffset"/>).</summary>
    private void WalkValue(ref Utf8JsonReader reader, int baseOffset, CteScope? scope)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WalkObject(ref reader, baseOffset, scope, captureFunctionName: false);
                break;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    WalkValue(ref reader, baseOffset, scope);
                }

                break;
        }
    }

    /// <summary>
    /// Walks the object the reader is on, to its end. Returns its <c>function_name</c> when asked to capture it
    /// (for the <c>function</c> of a <c>TABLE_FUNCTION</c>).
    /// </summary>
    private string? WalkObject(ref Utf8JsonReader reader, int baseOffset, CteScope? scope, bool captureFunctionName)
    {
        var kind = NodeKind.Other;
        string? tableName = null;
        string? schemaName = null;
        string? catalogName = null;
        ulong? location = null;
        string? functionName = null;
        List<int>? deferred = null;
        var deferring = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (kind == NodeKind.Constant)
            {
                // Literal values hold data, never references.
                reader.Read();
                reader.Skip();
                continue;
            }

            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (kind == NodeKind.Other)
                    {
                        kind = KindOf(ref reader);
                        deferring = kind == NodeKind.QueryNode;
                    }

                    continue;
                }
            }
            else if (reader.ValueTextEquals("class"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("CONSTANT"u8))
                {
                    kind = NodeKind.Constant;
                }

                reader.Skip();
                continue;
            }
            else if (kind == NodeKind.BaseTable && reader.ValueTextEquals("table_name"u8))
            {
                reader.Read();
                tableName = StringOrNull(ref reader);
                continue;
            }
            else if (kind == NodeKind.BaseTable && reader.ValueTextEquals("schema_name"u8))
            {
                reader.Read();
                schemaName = StringOrNull(ref reader);
                continue;
            }
            else if (kind == NodeKind.BaseTable && reader.ValueTextEquals("catalog_name"u8))
            {
                reader.Read();
                catalogName = StringOrNull(ref reader);
                continue;
            }
            else if (kind == NodeKind.BaseTable && reader.ValueTextEquals("query_location"u8))
            {
                reader.Read();
                location = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var bytes) ? bytes : null;
                reader.Skip();
                continue;
            }
            else if (captureFunctionName && reader.ValueTextEquals("function_name"u8))
            {
                reader.Read();
                functionName = StringOrNull(ref reader);
                continue;
            }
            else if (kind == NodeKind.QueryNode && reader.ValueTextEquals("cte_name"u8))
            {
                // A recursive CTE reads itself: its own name is in scope in its body.
                reader.Read();
                if (StringOrNull(ref reader) is { Length: > 0 } cteName)
                {
                    scope = new CteScope(cteName, scope);
                }

                continue;
            }
            else if (reader.ValueTextEquals("cte_map"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    scope = WalkCteMap(ref reader, baseOffset, scope);
                    deferring = false;
                    WalkDeferred(deferred, scope);
                    deferred = null;
                }

                reader.Skip();
                continue;
            }
            else if (kind == NodeKind.TableFunction && reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    if (WalkObject(ref reader, baseOffset, scope, captureFunctionName: true) is { Length: > 0 } name)
                    {
                        _functions.Add(name);
                    }
                }

                reader.Skip();
                continue;
            }
            else
            {
                reader.Read();
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                if (deferring)
                {
                    // Before the node's cte_map: walk once the CTEs in scope are known.
                    (deferred ??= []).Add(baseOffset + (int)reader.TokenStartIndex);
                    reader.Skip();
                }
                else
                {
                    WalkValue(ref reader, baseOffset, scope);
                }
            }
        }

        WalkDeferred(deferred, scope);
        if (kind == NodeKind.BaseTable)
        {
            AddTable(tableName, schemaName, catalogName, location, scope);
        }

        return functionName;
    }

    private static NodeKind KindOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("BASE_TABLE"u8))
        {
            return NodeKind.BaseTable;
        }

        if (reader.ValueTextEquals("TABLE_FUNCTION"u8))
        {
            return NodeKind.TableFunction;
        }

        // The reader reads one contiguous buffer, so the value is never split into a sequence.
        return reader.ValueSpan.EndsWith("_NODE"u8) ? NodeKind.QueryNode : NodeKind.Other;
    }

    /// <summary>
    /// Walks the CTE bodies of one WITH, each with the CTEs declared before it in scope, and returns the scope
    /// of the query that owns the WITH: every CTE of it.
    /// </summary>
    private CteScope? WalkCteMap(ref Utf8JsonReader reader, int baseOffset, CteScope? scope)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMap = reader.ValueTextEquals("map"u8);
            reader.Read();
            if (!isMap || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                string? name = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isKey = reader.ValueTextEquals("key"u8);
                    var isValue = reader.ValueTextEquals("value"u8);
                    reader.Read();
                    if (isKey)
                    {
                        name = StringOrNull(ref reader);
                    }
                    else if (isValue)
                    {
                        WalkValue(ref reader, baseOffset, scope);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (!string.IsNullOrEmpty(name))
                {
                    scope = new CteScope(name, scope);
                }
            }
        }

        return scope;
    }

    private void WalkDeferred(List<int>? offsets, CteScope? scope)
    {
        if (offsets is null)
        {
            return;
        }

        foreach (var offset in offsets)
        {
            var reader = new Utf8JsonReader(_json.Span[offset..]);
            reader.Read();
            WalkValue(ref reader, offset, scope);
        }
    }

    private void AddTable(string? name, string? schema, string? catalog, ulong? location, CteScope? scope)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        catalog = string.IsNullOrEmpty(catalog) ? null : catalog;
        schema = string.IsNullOrEmpty(schema) ? null : schema;
        if (catalog is null && schema is null && scope is not null && scope.Defines(name))
        {
            return;
        }

        int? offset = location is { } bytes && bytes <= int.MaxValue
            ? _isAscii ? (int)bytes : Utf8OffsetToIndex(_sql, (long)bytes)
            : null;
        _tables.Add(new Found(new TableReference(catalog, schema, name, offset), _tables.Count));
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

    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static bool TryGetLong(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt64(out value),
            JsonTokenType.String => long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private readonly record struct Found(TableReference Reference, int Order);

    /// <summary>The CTE names visible at a point of the tree, innermost first.</summary>
    private sealed class CteScope(string name, CteScope? parent)
    {
        private string Name { get; } = name;

        private CteScope? Parent { get; } = parent;

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
    }
}
