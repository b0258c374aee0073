using Weir.Catalog;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.Graph;
using Weir.Cli.Rendering;
using Weir.Project;

namespace Weir.Cli;

/// <summary>
/// The first steps of the pipeline every command shares: load the project, compile it into its graph. Later steps
/// (warehouse engine, run store) are opened on demand. Diagnostics are printed here, once, for every command.
/// </summary>
internal sealed class Workspace
{
    public const string WarehouseFileName = "warehouse.duckdb";
    public const string MetadataFileName = "metadata.db";

    private Workspace(ProjectSpec project, AssetGraph graph)
    {
        Project = project;
        Graph = graph;
    }

    public ProjectSpec Project { get; }

    public AssetGraph Graph { get; }

    public string WarehousePath => Path.Combine(Project.StateDirectory, WarehouseFileName);

    public string MetadataPath => Path.Combine(Project.StateDirectory, MetadataFileName);

    /// <summary>Loads and compiles the project; prints diagnostics; throws <see cref="CliException"/> on errors.</summary>
    public static async Task<Workspace> OpenAsync(string directory, CliConsole console, OutputFormat format, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new CliException($"project folder '{directory}' does not exist", hint: "pass --project DIR, or run `weir init DIR` to create one");
        }

        var diagnostics = new DiagnosticBag();
        var project = new ProjectLoader().Load(root, diagnostics);
        AssetGraph? graph = null;
        if (project is not null)
        {
            // Compile even when loading found errors, so every mistake is reported at once.
            // Parsing needs no data: an in-memory DuckDB is enough and keeps validate away from the warehouse file.
            await using var parser = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions(), cancellationToken);
            graph = await new GraphBuilder(parser).BuildAsync(project, diagnostics, cancellationToken);
        }

        DiagnosticPrinter.Print(console.HumanError, diagnostics.Items);
        if (project is null || graph is null || diagnostics.HasErrors)
        {
            var errors = diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
            throw new CliException(errors == 1 ? "the project has 1 error" : $"the project has {errors} errors");
        }

        return new Workspace(project, graph);
    }

    /// <summary>Opens the project's warehouse (the DuckDB file under the state folder).</summary>
    public async Task<DuckDbEngine> OpenWarehouseAsync(bool readOnly, CancellationToken cancellationToken)
    {
        if (readOnly && !File.Exists(WarehousePath))
        {
            throw new CliException("nothing has been built yet", hint: "run `weir run` first");
        }

        try
        {
            return await DuckDbEngine.OpenAsync(new DuckDbEngineOptions { DatabasePath = WarehousePath, ReadOnly = readOnly }, cancellationToken);
        }
        catch (DuckDB.NET.Data.DuckDBException ex) when (ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(
                $"the warehouse {Path.GetRelativePath(Project.RootDirectory, WarehousePath)} is in use by another weir process",
                hint: "wait for the other run to finish");
        }
    }

    /// <summary>Opens the project's metadata store (SQLite under the state folder).</summary>
    public Task<SqliteRunStore> OpenRunStoreAsync(CancellationToken cancellationToken) =>
        SqliteRunStore.OpenAsync(MetadataPath, cancellationToken);
}
