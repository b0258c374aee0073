using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly Dictionary<string, bool> s_booleans = new(StringComparer.Ordinal)
    {
        ["true"] = true,
        ["false"] = false,
    };

    /// <summary>The keys of a file source: <c>incremental</c> and <c>max_bad_rows</c>, which a Delta source does not take.</summary>
    private static (bool Incremental, BadRowLimit? MaxBadRows) ReadFileOptions(YamlMap map, SourceFormat? format)
    {
        var incremental = map.Choice("incremental", s_booleans) ?? false;
        BadRowLimit? limit = null;
        if (map.String("max_bad_rows") is { } text)
        {
            limit = BadRowLimit.TryParse(text);
            if (limit is null)
            {
                var node = map.Value("max_bad_rows")!;
                map.File.Error(DiagnosticCodes.InvalidValue, node, $"'max_bad_rows' must be a count, a ratio or a percentage, not '{map.File.Show(node)}'",
                    "write e.g. 100 (rows), 0.01 (of the rows read) or 1%");
            }
        }

        if (format == SourceFormat.Delta)
        {
            foreach (var key in new[] { "incremental", "max_bad_rows" }.Where(map.Has))
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' applies only to file sources",
                    "a delta source is read in place; remove the key");
            }
        }

        return (incremental, limit);
    }
}
