using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Weir.DuckDb.Ingest;
using Weir.Execution;
using Weir.Runs;

namespace Weir.Server.Push;

/// <summary>
/// Records each landed batch as a run (command <c>push</c>) with the source's load metrics. The run store is an
/// observer here: a failure to record is logged and never turns a committed batch into an error.
/// </summary>
internal sealed class PushRunRecorder
{
    private readonly IRunStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public PushRunRecorder(IRunStore store, TimeProvider time, ILogger logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    public async Task RecordAsync(string source, PushBatchResult result, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var endedAt = _time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture,
            $"{startedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{RandomNumberGenerator.GetInt32(0x10000):x4}");
        var asset = new AssetRunRecord
        {
            Asset = source,
            Status = AssetStatus.Succeeded,
            Attempts = 1,
            StartedAt = startedAt,
            EndedAt = endedAt,
            Rows = result.TableRows,
            Detail = string.Create(CultureInfo.InvariantCulture,
                $"pushed batch {result.Batch}: {result.RowsLoaded} rows loaded, {result.RowsQuarantined} quarantined (Delta version {result.Version})"),
            Load = new LoadMetrics
            {
                RowsRead = result.RowsRead,
                RowsLoaded = result.RowsLoaded,
                RowsQuarantined = result.RowsQuarantined,
                BytesRead = result.BytesRead,
                DeltaVersion = result.Version,
            },
        };
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.StartRunAsync(new RunRecord { RunId = runId, Command = "push", Selector = source, StartedAt = startedAt }, cancellationToken)
                .ConfigureAwait(false);
            await _store.SaveAssetAsync(runId, asset, cancellationToken).ConfigureAwait(false);
            await _store.CompleteRunAsync(runId, RunStatus.Succeeded, endedAt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecordFailed(_logger, ex, source);
        }
        finally
        {
            _gate.Release();
        }
    }
}
