using System.Collections.Concurrent;
using Weir.Checks;
using Weir.Runs;

namespace Weir.Orchestration.Fakes;

/// <summary>Keeps every callback as a line of text, and optionally throws from every callback.</summary>
internal sealed class RecordingObserver(bool throws = false) : IExecutionObserver
{
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentQueue<(string Asset, int Attempt, TimeSpan Delay, string Error)> _retries = new();

    public IReadOnlyList<string> Events => [.. _events];

    public IReadOnlyList<(string Asset, int Attempt, TimeSpan Delay, string Error)> Retries => [.. _retries];

    public RunResult? Finished { get; private set; }

    public void RunStarted(string runId, int assetCount) => Record($"run started {assetCount}");

    public void AssetStarted(string asset) => Record($"started {asset}");

    public void AssetRetrying(string asset, int attempt, TimeSpan delay, string error)
    {
        _retries.Enqueue((asset, attempt, delay, error));
        Record($"retrying {asset} {attempt}");
    }

    public void AssetFinished(AssetRunRecord record, IReadOnlyList<CheckResult> checkResults) =>
        Record($"finished {record.Asset} {record.Status} {checkResults.Count}");

    public void RunFinished(RunResult result)
    {
        Finished = result;
        Record($"run finished {result.Status}");
    }

    private void Record(string text)
    {
        _events.Enqueue(text);
        if (throws)
        {
            throw new InvalidOperationException("observer failure: " + text);
        }
    }
}
