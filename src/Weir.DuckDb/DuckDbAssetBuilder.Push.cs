using System.Globalization;
using DuckDB.NET.Data;
using Weir.DuckDb.Lake;
using Weir.Engine;
using Weir.Execution;
using Weir.Lake;
using Weir.Project;

namespace Weir.DuckDb;

public sealed partial class DuckDbAssetBuilder
{
    /// <summary>
    /// A push source has nothing to pull: clients POST its batches to <c>weir serve</c>, which commits them to its lake
    /// table. Building it publishes that table's latest version for the models downstream; before the first batch, a
    /// source with declared columns is an empty view of them.
    /// </summary>
    private async Task<BuildResult> BuildPushSourceAsync(ISqlSession session, BuildTarget target, SourceSpec source, CancellationToken cancellationToken)
    {
        if (_lake is null)
        {
            throw target.Fail("a push source lands its batches in the lake, and this build has none");
        }

        try
        {
            if (await _lake.TryOpenAsync(source, cancellationToken).ConfigureAwait(false) is { } table)
            {
                var snapshot = await table.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
                await _lake.PublishAsync(session, source, snapshot, cancellationToken).ConfigureAwait(false);
                var rows = LakeTables.RowCount(snapshot);
                var quarantine = QuarantineSpec(source);
                if (await _lake.TryOpenAsync(quarantine, cancellationToken).ConfigureAwait(false) is { } bad)
                {
                    // The server wrote it: publish it here too, so the rows it kept out can be queried by name.
                    await _lake.PublishAsync(session, quarantine, await bad.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false), cancellationToken)
                        .ConfigureAwait(false);
                }

                return new BuildResult(rows, string.Create(CultureInfo.InvariantCulture,
                    $"publishes pushed rows: Delta version {snapshot.Version} ({Count(rows, "row")}); nothing to pull"));
            }

            if (source.Columns.Count == 0)
            {
                throw target.Fail(
                    $"nothing has been pushed to '{source.Name}' yet: POST a batch to /api/ingest/{source.Name} on `weir serve`, " +
                    "or declare its columns so models can read it empty");
            }

            var columns = source.Columns.Select(c =>
                $"CAST(NULL AS {(string.IsNullOrWhiteSpace(c.Type) ? "VARCHAR" : c.Type.Trim())}) AS {Quote(c.Name)}");
            await CreateOrReplaceAsync(session, target, View, $"SELECT {string.Join(", ", columns)} WHERE false", cancellationToken).ConfigureAwait(false);
            return new BuildResult(0, "nothing pushed yet: an empty view of the declared columns");
        }
        catch (WeirException ex) when (ex is not AssetBuildException)
        {
            throw target.Fail(ex.Message, ex);
        }
        catch (DuckDBException ex)
        {
            throw target.Fail(ex, modelFromLine2: false);
        }
    }
}
