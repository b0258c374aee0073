using YamlDotNet.RepresentationModel;
using Weir.Checks;
using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_columnKeys = ["name", "type", "description", "checks"];
    private static readonly Dictionary<string, CheckSeverity> s_severities = new(StringComparer.Ordinal)
    {
        ["error"] = CheckSeverity.Error,
        ["warn"] = CheckSeverity.Warn,
    };

    private const string CheckExample = "- not_null, or - accepted_values: { values: [a, b], severity: warn }";

    /// <summary>Reads <c>columns:</c>, a list of maps with <c>name</c>, <c>type</c>, <c>description</c> and <c>checks</c>.</summary>
    private static List<ColumnSpec> ReadColumns(YamlMap asset)
    {
        var columns = new List<ColumnSpec>();
        if (asset.Sequence("columns") is not { } items)
        {
            return columns;
        }

        var file = asset.File;
        var seen = new Dictionary<string, ColumnSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                file.Error(DiagnosticCodes.InvalidValue, item, $"each column must be a map with 'name:', not {YamlFile.Shape(item)}",
                    "write '- name: order_id' and its type, description and checks below it");
                continue;
            }

            var map = new YamlMap(file, mapping, s_columnKeys);
            map.Require("name", "column");
            var name = map.String("name");
            var type = map.String("type");
            var description = map.String("description");
            var checks = ReadChecks(map, name ?? string.Empty);
            if (name is null)
            {
                continue;
            }

            var column = new ColumnSpec(name, type, description, checks, map.Location);
            if (!seen.TryAdd(name, column))
            {
                file.Error(DiagnosticCodes.DuplicateName, mapping, $"column '{name}' is declared twice (first at {seen[name].Location})",
                    "column names are unique within an asset, ignoring case");
                continue;
            }

            columns.Add(column);
        }

        return columns;
    }

    /// <summary>
    /// Reads <c>checks:</c> of an asset (<paramref name="column"/> <see langword="null"/>: table checks) or of a column.
    /// Each item is a bare name or a one-key map of arguments; invalid checks are reported and left out.
    /// </summary>
    private static List<CheckSpec> ReadChecks(YamlMap owner, string? column)
    {
        var checks = new List<CheckSpec>();
        if (owner.Sequence("checks") is not { } items)
        {
            return checks;
        }

        var file = owner.File;
        foreach (var item in items.Children)
        {
            if (ReadCheck(file, item, column) is not { } check)
            {
                continue;
            }

            var problems = CheckTypes.Validate(check);
            foreach (var problem in problems)
            {
                file.Context.Diagnostics.Add(problem);
            }

            if (problems.Count == 0)
            {
                checks.Add(check);
            }
        }

        return checks;
    }

    private static CheckSpec? ReadCheck(YamlFile file, YamlNode item, string? column)
    {
        if (item is YamlScalarNode { Value: { } bare } && !YamlFile.IsNull(item))
        {
            return new CheckSpec(bare, column, CheckSeverity.Error, new Dictionary<string, object?>(), file.At(item));
        }

        if (item is not YamlMappingNode { Children.Count: 1 } mapping)
        {
            var shape = YamlFile.IsNull(item) ? "empty" : YamlFile.Shape(item);
            file.Error(DiagnosticCodes.InvalidCheck, item, $"a check must be a name or a map with one key (the check's name), not {shape}",
                CheckExample);
            return null;
        }

        var (key, value) = mapping.Children.First();
        if (key is not YamlScalarNode { Value: { } type })
        {
            file.Error(DiagnosticCodes.InvalidCheck, key, "a check's name must be a name", CheckExample);
            return null;
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        var severity = CheckSeverity.Error;
        string? where = null;
        BadRowLimit? failIf = null;
        var quarantine = false;
        if (value is YamlMappingNode argumentMap)
        {
            foreach (var (argumentKey, argumentValue) in argumentMap.Children)
            {
                var argumentName = (argumentKey as YamlScalarNode)?.Value ?? string.Empty;
                if (argumentName == "where")
                {
                    if (argumentValue is not YamlScalarNode { Value: { Length: > 0 } condition } || YamlFile.IsNull(argumentValue))
                    {
                        file.Error(DiagnosticCodes.InvalidCheck, argumentValue, $"'where' of check '{type}' must be a SQL condition",
                            "e.g. where: \"status <> 'test'\"");
                        return null;
                    }

                    where = condition;
                }
                else if (argumentName == "fail_if")
                {
                    if (argumentValue is not YamlScalarNode { Value: { } limitText } || BadRowLimit.TryParse(limitText) is not { } limit)
                    {
                        file.Error(DiagnosticCodes.InvalidCheck, argumentValue,
                            $"'fail_if' of check '{type}' must be a row count, a ratio below 1 or a percentage",
                            "e.g. fail_if: 10, fail_if: 0.01 or fail_if: 1%");
                        return null;
                    }

                    failIf = limit;
                }
                else if (argumentName == "quarantine")
                {
                    if (argumentValue is not YamlScalarNode { Value: "true" or "false" } flag)
                    {
                        file.Error(DiagnosticCodes.InvalidCheck, argumentValue, $"'quarantine' of check '{type}' must be true or false",
                            "e.g. quarantine: true");
                        return null;
                    }

                    quarantine = flag.Value == "true";
                }
                else if (argumentName != "severity")
                {
                    arguments[argumentName] = YamlFile.ToObject(argumentValue);
                }
                else if (argumentValue is YamlScalarNode { Value: { } word } && s_severities.TryGetValue(word, out var parsed))
                {
                    severity = parsed;
                }
                else
                {
                    file.Error(DiagnosticCodes.InvalidCheck, argumentValue,
                        $"severity of check '{type}' must be error or warn, not '{file.Show(argumentValue)}'",
                        NameSuggestions.DidYouMeanOrList(file.Show(argumentValue), s_severities.Keys, "valid values"));
                    return null;
                }
            }
        }
        else if (!YamlFile.IsNull(value))
        {
            file.Error(DiagnosticCodes.InvalidCheck, value, $"the arguments of check '{type}' must be a map, not {YamlFile.Shape(value)}",
                CheckExample);
            return null;
        }

        return new CheckSpec(type, column, severity, arguments, file.At(key))
        {
            Where = where,
            FailIf = failIf,
            Quarantine = quarantine,
        };
    }
}
