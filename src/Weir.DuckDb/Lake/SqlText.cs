namespace Weir.DuckDb.Lake;

/// <summary>Quoting for the DuckDB SQL the lake writes.</summary>
internal static class SqlText
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
