namespace Weir.Diagnostics;

/// <summary>Stable diagnostic codes. 1xx: project files; 2xx: SQL and the graph; 3xx: checks; 4xx: selection.</summary>
public static class DiagnosticCodes
{
    /// <summary>A YAML file cannot be parsed.</summary>
    public const string YamlSyntax = "WEIR100";

    /// <summary>A key is not one Weir knows at that place (usually a typo).</summary>
    public const string UnknownKey = "WEIR101";

    /// <summary>A required key is missing.</summary>
    public const string MissingKey = "WEIR102";

    /// <summary>A value has the wrong shape or an unsupported value.</summary>
    public const string InvalidValue = "WEIR103";

    /// <summary>Two assets share a name (or two files, YAML entries or columns that must be unique do).</summary>
    public const string DuplicateName = "WEIR104";

    /// <summary>A <c>${VAR}</c> names an environment variable that is not set and has no default.</summary>
    public const string MissingVariable = "WEIR105";

    /// <summary><c>weir.yaml</c> is missing.</summary>
    public const string MissingProjectFile = "WEIR106";

    /// <summary>A models YAML entry names a model that has no SQL file (or a seeds entry a seed with no CSV file).</summary>
    public const string ModelWithoutSql = "WEIR107";

    /// <summary>A source's path matches no file.</summary>
    public const string NoFilesMatch = "WEIR108";

    /// <summary>A model's SQL cannot be parsed.</summary>
    public const string SqlSyntax = "WEIR200";

    /// <summary>A model's SQL reads a table that is no asset and is not declared external.</summary>
    public const string UnknownTable = "WEIR201";

    /// <summary>The assets' dependencies form a cycle.</summary>
    public const string Cycle = "WEIR202";

    /// <summary>A model file holds something other than exactly one SELECT.</summary>
    public const string NotASelect = "WEIR203";

    /// <summary>A model's SQL does not bind against its upstream schemas (unknown column, type error).</summary>
    public const string SqlBind = "WEIR204";

    /// <summary>A check is unknown or has bad arguments.</summary>
    public const string InvalidCheck = "WEIR300";

    /// <summary>A selector matches nothing or is malformed.</summary>
    public const string InvalidSelector = "WEIR400";
}
