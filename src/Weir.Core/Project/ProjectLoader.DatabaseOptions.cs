using Weir.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_detectDeletesKeys = ["every"];

    /// <summary>
    /// The optional keys of a database source: <c>max_bad_rows</c>, <c>detect_deletes</c> (with a primary key, not with an
    /// overwriting full refresh), and <c>parallelism</c> with <c>split_by</c> (full refresh only).
    /// </summary>
    private static (BadRowLimit? MaxBadRows, bool DetectDeletes, TimeSpan? Every, int Parallelism, string? SplitBy) ReadDatabaseOptions(
        YamlMap map, SourceLoadMode? mode, SourceWriteMode? write, IReadOnlyList<string> primaryKey, ref bool valid)
    {
        var limit = ReadBadRowLimit(map, ref valid);
        var (detect, every) = ReadDetectDeletes(map, ref valid);
        if (detect)
        {
            if (primaryKey.Count == 0)
            {
                map.File.Error(DiagnosticCodes.MissingKey, map.KeyNode("detect_deletes"), "'detect_deletes' needs 'primary_key'",
                    "deletes are found by comparing the source's keys with the lake's; name the key columns, e.g. primary_key: id");
                valid = false;
            }

            if (mode == SourceLoadMode.FullRefresh && write != SourceWriteMode.Append)
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode("detect_deletes"),
                    "'detect_deletes' does nothing with an overwriting full refresh: every load replaces the table with the rows the source still has",
                    "use mode: incremental or write: append to keep rows the source deleted (flagged), or remove 'detect_deletes'");
                valid = false;
            }
        }

        var parallelism = 1;
        if (map.Has("parallelism"))
        {
            if (map.Integer("parallelism", minimum: 1) is { } n)
            {
                parallelism = n;
            }
            else
            {
                valid = false;
            }

            if (mode == SourceLoadMode.Incremental)
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode("parallelism"), "'parallelism' applies only to mode: full_refresh",
                    "an incremental load reads only the rows past its watermark; remove 'parallelism'");
                valid = false;
            }
        }

        var splitBy = map.String("split_by");
        if (splitBy is not null && parallelism <= 1)
        {
            map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode("split_by"), "'split_by' applies only with 'parallelism' above 1",
                "add parallelism: 4 to read four key ranges at once, or remove 'split_by'");
            valid = false;
        }
        else if (splitBy is null && parallelism > 1 && primaryKey.Count != 1)
        {
            map.File.Error(DiagnosticCodes.MissingKey, map.KeyNode("parallelism"),
                primaryKey.Count == 0
                    ? "'parallelism' needs a column to split the rows by, and the source has no primary_key"
                    : "'parallelism' needs one column to split the rows by, and the primary key has several",
                "name an integer column whose ranges split the rows, e.g. split_by: id");
            valid = false;
        }

        return (limit, detect, every, parallelism, splitBy ?? (parallelism > 1 && primaryKey.Count == 1 ? primaryKey[0] : null));
    }

    /// <summary><c>detect_deletes: true</c> (every load), <c>false</c>, or <c>{ every: 6h }</c>.</summary>
    private static (bool Detect, TimeSpan? Every) ReadDetectDeletes(YamlMap map, ref bool valid)
    {
        var node = map.Value("detect_deletes");
        if (node is null)
        {
            return (false, null);
        }

        if (node is YamlMappingNode mapping)
        {
            var options = new YamlMap(map.File, mapping, s_detectDeletesKeys);
            valid &= options.Require("every", "detect_deletes", "write how often the keys are compared, e.g. detect_deletes: { every: 6h }");
            var every = options.Duration("every", allowZero: true);
            valid &= every is not null;
            return (true, every);
        }

        var detect = map.Choice("detect_deletes", s_booleans);
        if (detect is null)
        {
            valid = false;
        }

        return (detect ?? false, null);
    }

    /// <summary><c>max_bad_rows:</c> a count, a ratio or a percentage.</summary>
    private static BadRowLimit? ReadBadRowLimit(YamlMap map, ref bool valid)
    {
        if (map.String("max_bad_rows") is not { } text)
        {
            return null;
        }

        if (BadRowLimit.TryParse(text) is { } limit)
        {
            return limit;
        }

        var node = map.Value("max_bad_rows")!;
        map.File.Error(DiagnosticCodes.InvalidValue, node, $"'max_bad_rows' must be a count, a ratio or a percentage, not '{map.File.Show(node)}'",
            "write e.g. 100 (rows), 0.01 (of the rows read) or 1%");
        valid = false;
        return null;
    }
}
