using System.Collections.Concurrent;
using Weir.Checks;
using Weir.Graph;
using Weir.Project;

namespace Weir.Orchestration.Fakes;

/// <summary>Returns canned results per asset (none by default), or throws for assets told to.</summary>
internal sealed class FakeCheckRunner : ICheckRunner
{
    private readonly Dictionary<string, IReadOnlyList<CheckResult>> _results = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Exception> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _checked = new();

    public IReadOnlyCollection<string> Checked => _checked;

    public FakeCheckRunner With(string asset, params CheckResult[] results)
    {
        _results[asset] = results;
        return this;
    }

    public FakeCheckRunner Throwing(string asset, Exception exception)
    {
        _failures[asset] = exception;
        return this;
    }

    public Task<IReadOnlyList<CheckResult>> RunAsync(AssetNode asset, CancellationToken cancellationToken = default)
    {
        _checked.Enqueue(asset.Name);
        if (_failures.TryGetValue(asset.Name, out var failure))
        {
            return Task.FromException<IReadOnlyList<CheckResult>>(failure);
        }

        return Task.FromResult(_results.GetValueOrDefault(asset.Name) ?? []);
    }

    public static CheckResult Result(string asset, string check, string? column, CheckSeverity severity, CheckStatus status, long failing = 0) =>
        new()
        {
            Asset = asset,
            Column = column,
            Check = check,
            Severity = severity,
            Status = status,
            FailingRows = failing,
            Duration = TimeSpan.FromMilliseconds(3),
        };
}
