using Weir.Diagnostics;
using Weir.Graph;
using Weir.Project;

namespace Weir.Quality.Tests;

/// <summary>Builds check specs and assets the way the loader would.</summary>
internal static class TestChecks
{
    public static CheckSpec Check(
        string type, string? column = null, CheckSeverity severity = CheckSeverity.Error, params (string Key, object? Value)[] arguments) =>
        new(type, column, severity, arguments.ToDictionary(a => a.Key, a => a.Value), new SourceLocation("models/test.yaml", 1));

    public static IReadOnlyList<object?> List(params object?[] values) => values;

    public static AssetNode Asset(string name, params CheckSpec[] checks)
    {
        var tableChecks = checks.Where(c => c.Column is null).ToList();
        var columns = checks
            .Where(c => c.Column is not null)
            .GroupBy(c => c.Column!, StringComparer.Ordinal)
            .Select(g => new ColumnSpec(g.Key, null, null, [.. g], SourceLocation.None))
            .ToList();
        return Asset(name, tableChecks, columns);
    }

    public static AssetNode Asset(string name, IReadOnlyList<CheckSpec> tableChecks, IReadOnlyList<ColumnSpec> columns)
    {
        var spec = new ModelSpec
        {
            Name = name,
            Location = new SourceLocation($"models/{name}.sql", 1),
            Sql = "SELECT 1",
            SqlFile = $"models/{name}.sql",
            Checks = tableChecks,
            Columns = columns,
        };
        return new AssetNode(spec, [], []);
    }

    public static CheckSpec With(CheckSpec check, string? where = null, string? failIf = null) =>
        new(check.Type, check.Column, check.Severity, check.Arguments, check.Location)
        {
            Where = where,
            FailIf = failIf is null ? null : BadRowLimit.TryParse(failIf),
        };

    public static AssetNode KeyedAsset(string name, IReadOnlyList<string> keys, params CheckSpec[] checks)
    {
        var columns = checks
            .Where(c => c.Column is not null)
            .GroupBy(c => c.Column!, StringComparer.Ordinal)
            .Select(g => new ColumnSpec(g.Key, null, null, [.. g], SourceLocation.None))
            .ToList();
        var spec = new ModelSpec
        {
            Name = name,
            Location = new SourceLocation($"models/{name}.sql", 1),
            Sql = "SELECT 1",
            SqlFile = $"models/{name}.sql",
            UniqueKey = keys,
            Checks = [.. checks.Where(c => c.Column is null)],
            Columns = columns,
        };
        return new AssetNode(spec, [], []);
    }
}
