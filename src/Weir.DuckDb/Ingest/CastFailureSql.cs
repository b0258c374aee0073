using Weir.DuckDb.Lake;

namespace Weir.DuckDb.Ingest;

/// <summary>The SQL that finds a value not convertible to its column's declared type, and says why, for the quarantine.</summary>
internal static class CastFailureSql
{
    /// <summary>
    /// For <paramref name="column"/> declared as <paramref name="type"/>: the condition of a row whose value
    /// <c>TRY_CAST</c> cannot convert (NULL converts), and the reason, naming the column, the value as JSON and the type
    /// (NULL when the value converts, so reasons of several columns join with <c>concat_ws</c>).
    /// </summary>
    public static (string Condition, string Reason) For(string column, string type)
    {
        var quoted = SqlText.Identifier(column);
        var condition = $"({quoted} IS NOT NULL AND TRY_CAST({quoted} AS {type}) IS NULL)";
        return (condition,
            $"CASE WHEN {condition} THEN {SqlText.Literal($"column \"{column}\": ")} || CAST(to_json({quoted}) AS VARCHAR) || {SqlText.Literal($" is not {type}")} END");
    }
}
