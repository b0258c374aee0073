using Weir.Diagnostics;
using Weir.DuckDb.Lake;
using Weir.Lake.Log;
using Weir.Lake.Storage;
using Weir.Project;

namespace Weir.Cli;

/// <summary>Finds the Delta table behind an asset: its lake table, or the table a delta source reads in place.</summary>
internal static class LakeLocator
{
    public static async Task<(DeltaLog Log, string Folder)> LocateAsync(Workspace workspace, string name, CancellationToken cancellationToken)
    {
        if (!workspace.Graph.Contains(name))
        {
            var hint = NameSuggestions.DidYouMean(name, workspace.Graph.Nodes.Keys) ?? "list assets with `weir graph`";
            throw new CliException($"no asset '{name}' in the project", hint: hint);
        }

        var spec = workspace.Graph[name].Spec;
        if (spec is SourceSpec { Format: SourceFormat.Delta } delta)
        {
            var folder = Path.GetFullPath(Path.Combine(workspace.Project.RootDirectory, delta.Path));
            return (new DeltaLog(new LocalObjectStore(Path.GetDirectoryName(folder)!), Path.GetFileName(folder), checkpointFormat: DuckDbCheckpointFormat.Shared), folder);
        }

        if (spec is ModelSpec { Materialized: Materialization.View })
        {
            throw new CliException($"'{spec.Name}' is a view: nothing is stored, so it has no versions",
                hint: "set materialized: table (or incremental) to keep it in the lake");
        }

        var lake = new LakeTables(workspace.Project.Lake);
        var log = new DeltaLog(lake.Store, LakeTables.TablePath(spec), checkpointFormat: DuckDbCheckpointFormat.Shared);
        if (!await log.ExistsAsync(cancellationToken))
        {
            throw new CliException($"'{spec.Name}' has not been built yet", hint: $"run `weir run --select {spec.Name}`");
        }

        return (log, lake.TableFolder(spec));
    }
}
