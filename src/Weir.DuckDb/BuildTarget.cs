using System.Globalization;
using DuckDB.NET.Data;

namespace Weir.DuckDb;

/// <summary>The asset being built, as error messages name it: <c>model 'orders' (models/orders.sql:3): …</c>.</summary>
internal sealed class BuildTarget
{
    public BuildTarget(string name, string kind, string location, string? sqlFile, int sqlLineCount)
    {
        Name = name;
        Kind = kind;
        Location = location;
        SqlFile = sqlFile;
        SqlLineCount = sqlLineCount;
    }

    /// <summary>The asset's name (and table name).</summary>
    public string Name { get; }

    /// <summary><c>source</c>, <c>seed</c> or <c>model</c>.</summary>
    public string Kind { get; }

    /// <summary>Where the asset is declared, for messages.</summary>
    public string Location { get; }

    /// <summary>A model's SQL file, relative to the project root.</summary>
    public string? SqlFile { get; }

    /// <summary>Lines of the model's SQL as embedded in statements.</summary>
    public int SqlLineCount { get; }

    /// <summary>An error for people about this asset.</summary>
    public AssetBuildException Fail(string problem, Exception? innerException = null) =>
        new(Name, $"{Kind} '{Name}' ({Location}): {problem}", innerException);

    /// <summary>
    /// Wraps a DuckDB error. DuckDB's message is kept, less its <c>LINE n:</c> excerpt of the statement Weir sent;
    /// when <paramref name="modelFromLine2"/> says the model's SQL started on the statement's line 2, the line is
    /// turned into a line of the model's file.
    /// </summary>
    public AssetBuildException Fail(DuckDBException exception, bool modelFromLine2)
    {
        var message = exception.Message;
        var where = Location;
        var excerpt = message.IndexOf("\n\nLINE ", StringComparison.Ordinal);
        if (excerpt >= 0)
        {
            var rest = message.AsSpan(excerpt + "\n\nLINE ".Length);
            var colon = rest.IndexOf(':');
            if (modelFromLine2
                && SqlFile is not null
                && colon > 0
                && int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var line)
                && line - 1 >= 1
                && line - 1 <= SqlLineCount)
            {
                where = string.Create(CultureInfo.InvariantCulture, $"{SqlFile}:{line - 1}");
            }

            message = message[..excerpt];
        }

        return new AssetBuildException(Name, $"{Kind} '{Name}' ({where}): {message.TrimEnd()}", exception);
    }
}
