using System.Text;
using Weir.Engine;
using Weir.Lake;
using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Writes the DuckDB SQL that reads a Delta snapshot: exactly its live files, through
/// <c>read_parquet([…], hive_partitioning = false, union_by_name = true)</c>, with the partition columns (which the data
/// files do not hold) added from each file's partition values, typed per the schema. Files are read in one
/// <c>read_parquet</c> per distinct partition tuple, joined with UNION ALL. A column the table gained after a file was
/// written reads as NULL from that file.
/// </summary>
public static class DeltaScanBuilder
{
    /// <summary>The name of the column that <see cref="BuildFiles"/> adds: the absolute path of the row's file.</summary>
    internal const string FileColumn = "__weir_file";

    private const string VirtualFileColumn = "\"filename\"";

    /// <summary>
    /// The scan of <paramref name="snapshot"/>, whose data files are under <paramref name="tableFolder"/>. With a
    /// <paramref name="filter"/>, files whose partition values or statistics rule it out are not read, and the SQL
    /// applies the filter to the rows of the others.
    /// </summary>
    /// <exception cref="ArgumentException">A filter column is not in the table, or a value does not fit its type.</exception>
    public static DeltaScan Build(Snapshot snapshot, string tableFolder, DeltaFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(tableFolder);
        return Build(snapshot, tableFolder, filter, snapshot.Files, withFileColumn: false);
    }

    /// <summary>
    /// Creates (or replaces) the DuckDB view <paramref name="viewName"/> (in <paramref name="schemaName"/> when given)
    /// over the snapshot's live files.
    /// </summary>
    public static async Task CreateViewAsync(
        ISqlSession session,
        string viewName,
        Snapshot snapshot,
        string tableFolder,
        string? schemaName = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(viewName);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(tableFolder);
        var name = schemaName is null ? SqlText.Identifier(viewName) : SqlText.Identifier(schemaName) + "." + SqlText.Identifier(viewName);
        var scan = Build(snapshot, tableFolder);
        await session.ExecuteAsync($"CREATE OR REPLACE VIEW {name} AS {scan.Sql}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The scan of <paramref name="files"/> (some of the snapshot's), with one more column, <see cref="FileColumn"/>,
    /// naming each row's file when <paramref name="withFileColumn"/> is set.
    /// </summary>
    internal static DeltaScan BuildFiles(Snapshot snapshot, string tableFolder, IReadOnlyList<AddAction> files, bool withFileColumn) =>
        Build(snapshot, tableFolder, filter: null, files, withFileColumn);

    private static DeltaScan Build(
        Snapshot snapshot,
        string tableFolder,
        DeltaFilter? filter,
        IReadOnlyList<AddAction> files,
        bool withFileColumn)
    {
        var schema = DeltaStructType.Parse(snapshot.Metadata.SchemaString);
        var partitionColumns = snapshot.Metadata.PartitionColumns;
        var pruner = filter is { Conditions.Count: > 0 } ? new DeltaFilePruner(schema, partitionColumns, filter) : null;
        var folder = Path.GetFullPath(tableFolder);

        var kept = new List<AddAction>(files.Count);
        int byPartition = 0, byStats = 0;
        foreach (var file in files)
        {
            if (pruner?.RulesOutByPartition(file) == true)
            {
                byPartition++;
            }
            else if (pruner?.RulesOutByStats(file) == true)
            {
                byStats++;
            }
            else
            {
                kept.Add(file);
            }
        }

        var paths = kept.Select(f => DeltaPaths.ToAbsolute(folder, f.Path)).ToList();
        var sql = new StringBuilder();
        if (kept.Count == 0)
        {
            sql.Append("SELECT ")
                .AppendJoin(", ", schema.Fields.Select(f => $"CAST(NULL AS {f.Type.ToDuckDb()}) AS {SqlText.Identifier(f.Name)}"));
            if (withFileColumn)
            {
                sql.Append(", CAST(NULL AS VARCHAR) AS ").Append(SqlText.Identifier(FileColumn));
            }

            sql.Append(" WHERE false");
        }
        else
        {
            // The file column is DuckDB's virtual "filename" column. A table with a column of that name shadows it, and
            // read_parquet's filename = '<other name>' option then pushes filters on the real column down as filters on
            // the file name (DuckDB 1.5.6), dropping rows; such a table is read one file per read_parquet, with the
            // path as a constant.
            var perFile = withFileColumn && schema.Find("filename") is not null;
            var groups = kept.Select((file, i) => (Key: PartitionKey(file, partitionColumns), File: file, Path: paths[i]))
                .GroupBy(g => perFile ? g.Path : g.Key, StringComparer.Ordinal);
            var first = true;
            foreach (var group in groups)
            {
                if (!first)
                {
                    sql.Append(" UNION ALL ");
                }

                first = false;
                var fileColumn = !withFileColumn ? null : perFile ? SqlText.Literal(group.Key) : VirtualFileColumn;
                AppendGroup(sql, schema, partitionColumns, group.First().File, group.Select(g => g.Path), fileColumn);
            }

            if (pruner is not null)
            {
                sql.Insert(0, "SELECT * FROM (").Append(") AS \"__weir_scan\" WHERE ").Append(pruner.ToSql());
            }
        }

        return new DeltaScan(sql.ToString(), kept, paths, byPartition, byStats);
    }

    private static void AppendGroup(
        StringBuilder sql,
        DeltaStructType schema,
        IReadOnlyList<string> partitionColumns,
        AddAction sample,
        IEnumerable<string> paths,
        string? fileColumn)
    {
        sql.Append("SELECT ");
        var first = true;
        foreach (var field in schema.Fields)
        {
            if (!first)
            {
                sql.Append(", ");
            }

            first = false;
            var name = SqlText.Identifier(field.Name);
            if (partitionColumns.Contains(field.Name, StringComparer.OrdinalIgnoreCase))
            {
                var value = SqlText.PartitionValue(sample.PartitionValues, field.Name);
                sql.Append(DeltaValues.PartitionValueSql((DeltaPrimitiveType)field.Type, value));
            }
            else
            {
                sql.Append("CAST(").Append(name).Append(" AS ").Append(field.Type.ToDuckDb()).Append(')');
            }

            sql.Append(" AS ").Append(name);
        }

        // DuckDB's virtual "filename" column exists only on read_parquet itself, so it is named inside the union below.
        var virtualFile = fileColumn == VirtualFileColumn;
        var file = SqlText.Identifier(FileColumn);
        if (fileColumn is not null)
        {
            sql.Append(", ").Append(virtualFile ? file : fileColumn).Append(" AS ").Append(file);
        }

        // A column added to the table after some files were written is missing from them; union_by_name fills it with
        // NULL only when another file of the same read_parquet has it. An empty row typed like the table, unioned by
        // name, supplies every data column (DuckDB's documented way to read files into a wider schema).
        sql.Append(" FROM (SELECT *");
        if (virtualFile)
        {
            sql.Append(", ").Append(VirtualFileColumn).Append(" AS ").Append(file);
        }

        sql.Append(" FROM read_parquet([").AppendJoin(", ", paths.Select(SqlText.Literal))
            .Append("], hive_partitioning = false, union_by_name = true) UNION ALL BY NAME SELECT ");
        var dataFields = schema.Fields.Where(f => !partitionColumns.Contains(f.Name, StringComparer.OrdinalIgnoreCase))
            .Select(f => $"CAST(NULL AS {f.Type.ToDuckDb()}) AS {SqlText.Identifier(f.Name)}")
            .ToList();
        if (virtualFile)
        {
            dataFields.Add($"CAST(NULL AS VARCHAR) AS {file}");
        }

        sql.AppendJoin(", ", dataFields.Count > 0 ? dataFields : ["NULL AS \"__weir_none\""]).Append(" WHERE false) AS \"__weir_files\"");
    }

    private static string PartitionKey(AddAction file, IReadOnlyList<string> partitionColumns)
    {
        if (partitionColumns.Count == 0)
        {
            return string.Empty;
        }

        var key = new StringBuilder();
        foreach (var column in partitionColumns)
        {
            var value = SqlText.PartitionValue(file.PartitionValues, column);
            key.Append(value is null ? "\u0000" : "\u0001" + value).Append('\u0002');
        }

        return key.ToString();
    }
}
