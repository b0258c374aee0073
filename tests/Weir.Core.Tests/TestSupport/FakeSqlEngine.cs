using System.Text.RegularExpressions;
using Weir.Engine;

namespace Weir.Core.Tests.TestSupport;

/// <summary>
/// An <see cref="ISqlEngine"/> whose analysis is canned per SQL text. Texts without a canned answer parse as one
/// query reading every name after <c>from</c> or <c>join</c> (dotted names are split into catalog, schema, name).
/// </summary>
internal sealed partial class FakeSqlEngine : ISqlEngine
{
    private readonly Dictionary<string, SqlAnalysis> _canned = new(StringComparer.Ordinal);

    public string Name => "fake";

    public long StatementCount => 0;

    public int AnalyzeCalls { get; private set; }

    public FakeSqlEngine Returns(string sql, SqlAnalysis analysis)
    {
        _canned[sql] = analysis;
        return this;
    }

    public string QuoteIdentifier(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public string QuoteLiteral(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    public Task<IReadOnlyList<SqlAnalysis>> AnalyzeAsync(IReadOnlyList<string> sqlTexts, CancellationToken cancellationToken = default)
    {
        AnalyzeCalls++;
        IReadOnlyList<SqlAnalysis> result = [.. sqlTexts.Select(sql => _canned.GetValueOrDefault(sql) ?? Scan(sql))];
        return Task.FromResult(result);
    }

    public Task<ISqlSession> OpenSessionAsync(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The fake engine runs nothing.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static SqlAnalysis Scan(string sql)
    {
        var tables = new List<TableReference>();
        foreach (Match match in TableName().Matches(sql))
        {
            var group = match.Groups["name"];
            var parts = group.Value.Split('.');
            var reference = parts.Length switch
            {
                1 => new TableReference(null, null, parts[0], group.Index),
                2 => new TableReference(null, parts[0], parts[1], group.Index),
                _ => new TableReference(parts[0], parts[1], parts[2], group.Index),
            };
            if (!tables.Exists(t => string.Equals(t.QualifiedName, reference.QualifiedName, StringComparison.OrdinalIgnoreCase)))
            {
                tables.Add(reference);
            }
        }

        return new SqlAnalysis { Success = true, IsSingleQuery = true, Tables = tables };
    }

    [GeneratedRegex(@"\b(?:from|join)\s+(?<name>[A-Za-z_][\w.]*)", RegexOptions.IgnoreCase)]
    private static partial Regex TableName();
}
