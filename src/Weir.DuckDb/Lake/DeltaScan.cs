using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>The DuckDB SQL that reads a snapshot's live files (those a filter leaves), and which files it reads.</summary>
public sealed class DeltaScan
{
    internal DeltaScan(
        string sql,
        IReadOnlyList<AddAction> files,
        IReadOnlyList<string> filePaths,
        int skippedByPartition,
        int skippedByStats)
    {
        Sql = sql;
        Files = files;
        FilePaths = filePaths;
        FilesSkippedByPartition = skippedByPartition;
        FilesSkippedByStats = skippedByStats;
    }

    /// <summary>A SELECT of the table's columns, in schema order, typed per the schema, with the filter applied.</summary>
    public string Sql { get; }

    /// <summary>The add actions of the files the SQL reads, in snapshot order.</summary>
    public IReadOnlyList<AddAction> Files { get; }

    /// <summary>The locations of <see cref="Files"/> as DuckDB reads them (absolute paths), in the same order.</summary>
    public IReadOnlyList<string> FilePaths { get; }

    /// <summary>Files left out because their partition values cannot match the filter.</summary>
    public int FilesSkippedByPartition { get; }

    /// <summary>Files left out because their min/max/null-count statistics rule the filter out.</summary>
    public int FilesSkippedByStats { get; }
}
