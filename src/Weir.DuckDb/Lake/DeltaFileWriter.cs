using System.Collections;
using System.Globalization;
using System.Text;
using Weir.Engine;
using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Writes the rows of a SELECT as zstd Parquet data files of a Delta table, with one DuckDB statement:
/// <c>COPY (…) TO 'folder' (FORMAT parquet, COMPRESSION zstd, FILENAME_PATTERN 'part-{uuid}', APPEND true,
/// RETURN_STATS true, PARTITION_BY (…) | FILE_SIZE_BYTES n)</c>. DuckDB reports each file's name, row count, size,
/// partition keys and per-column min, max and null count, which become the add actions — no second read. Files get
/// UUID names, so concurrent writers never clash; nothing is committed, so files of a write that is never committed
/// are orphans for VACUUM.
/// </summary>
public sealed class DeltaFileWriter
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a writer.</summary>
    /// <param name="timeProvider">The clock for <c>modificationTime</c>; <see cref="TimeProvider.System"/> by default.</param>
    public DeltaFileWriter(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Writes the rows of <paramref name="select"/> under <paramref name="tableFolder"/> (an absolute local path).</summary>
    /// <exception cref="DeltaWriteException">
    /// A partition column is missing or not a primitive, or the SELECT has a column the table lacks.
    /// </exception>
    public async Task<DeltaWriteResult> WriteAsync(
        ISqlSession session,
        string select,
        string tableFolder,
        DeltaWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(select);
        ArgumentNullException.ThrowIfNull(tableFolder);
        options ??= new DeltaWriteOptions();
        if (options.TargetFileSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TargetFileSize, "The target file size must be positive.");
        }

        if (options.ParquetVersion is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ParquetVersion, "The Parquet version must be 1 or 2.");
        }

        var sourceColumns = await DeltaSchemaConverter.DescribeColumnsAsync(session, select, cancellationToken).ConfigureAwait(false);
        var (schema, projection) = options.SchemaString is { } schemaString
            ? Conform(sourceColumns, DeltaStructType.Parse(schemaString))
            : Own(sourceColumns);
        var partitionFields = ResolvePartitions(schema, options.PartitionColumns);
        var dataSchema = new DeltaStructType(schema.Fields.Where(f => !partitionFields.Contains(f)).ToList());

        var folder = Path.GetFullPath(tableFolder);
        Directory.CreateDirectory(folder);
        var sql = new StringBuilder("COPY (SELECT ")
            .AppendJoin(", ", projection)
            .Append(" FROM (").Append(select).Append(") AS \"__weir_source\") TO ")
            .Append(SqlText.Literal(folder))
            .Append(CultureInfo.InvariantCulture, $" (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V{options.ParquetVersion}, ")
            .Append("FILENAME_PATTERN 'part-{uuid}', APPEND true, RETURN_STATS true, ");
        if (partitionFields.Count > 0)
        {
            sql.Append("PARTITION_BY (").AppendJoin(", ", partitionFields.Select(f => SqlText.Identifier(f.Name))).Append("))");
        }
        else
        {
            sql.Append(CultureInfo.InvariantCulture, $"FILE_SIZE_BYTES {options.TargetFileSize})");
        }

        QueryResult result;
        if (options.PreserveOrder)
        {
            result = await session.QueryAsync(sql.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // For this statement only (the setting is the session's): DuckDB then writes from every thread, whatever the source.
            await session.ExecuteAsync("SET SESSION preserve_insertion_order = false", cancellationToken).ConfigureAwait(false);
            try
            {
                result = await session.QueryAsync(sql.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await session.ExecuteAsync("RESET SESSION preserve_insertion_order", CancellationToken.None).ConfigureAwait(false);
            }
        }

        var column = result.Columns.Select((c, i) => (c.Name, i)).ToDictionary(c => c.Name, c => c.i, StringComparer.OrdinalIgnoreCase);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var adds = new List<AddAction>(result.Rows.Count);
        long rows = 0;
        long bytes = 0;
        foreach (var row in result.Rows)
        {
            var file = (string)row[column["filename"]]!;
            var count = Convert.ToInt64(row[column["count"]], CultureInfo.InvariantCulture);
            if (count == 0)
            {
                File.Delete(file);
                continue;
            }

            var size = Convert.ToInt64(row[column["file_size_bytes"]], CultureInfo.InvariantCulture);
            adds.Add(new AddAction
            {
                Path = DeltaPaths.ToAddPath(folder, file),
                PartitionValues = PartitionValues(partitionFields, row[column["partition_keys"]] as IDictionary),
                Size = size,
                ModificationTime = now,
                DataChange = options.DataChange,
                Stats = DeltaStatsBuilder.Build(dataSchema, count, row[column["column_statistics"]]),
            });
            rows += count;
            bytes += size;
        }

        return new DeltaWriteResult(adds, schema.ToJson(), partitionFields.Select(f => f.Name).ToList(), rows, bytes);
    }

    private static (DeltaStructType Schema, List<string> Projection) Own(IReadOnlyList<DuckDbColumn> columns)
    {
        var schema = DeltaSchemaConverter.ToStruct(columns, out var exact);
        var projection = new List<string>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var name = SqlText.Identifier(columns[i].Name);
            projection.Add(exact[i] ? name : $"CAST({name} AS {schema.Fields[i].Type.ToDuckDb()}) AS {name}");
        }

        return (schema, projection);
    }

    private static (DeltaStructType Schema, List<string> Projection) Conform(IReadOnlyList<DuckDbColumn> columns, DeltaStructType schema)
    {
        foreach (var column in columns)
        {
            if (schema.Find(column.Name) is null)
            {
                throw new DeltaWriteException(
                    $"column '{column.Name}' is not in the table's schema ({string.Join(", ", schema.Fields.Select(f => f.Name))})");
            }
        }

        var projection = new List<string>(schema.Fields.Count);
        foreach (var field in schema.Fields)
        {
            var source = columns.FirstOrDefault(c => string.Equals(c.Name, field.Name, StringComparison.OrdinalIgnoreCase));
            var value = source.Name is null ? "NULL" : SqlText.Identifier(source.Name);
            projection.Add($"CAST({value} AS {field.Type.ToDuckDb()}) AS {SqlText.Identifier(field.Name)}");
        }

        return (schema, projection);
    }

    private static List<DeltaStructField> ResolvePartitions(DeltaStructType schema, IReadOnlyList<string> partitionColumns)
    {
        var fields = new List<DeltaStructField>(partitionColumns.Count);
        foreach (var name in partitionColumns)
        {
            var field = schema.Find(name) ?? throw new DeltaWriteException($"partition column '{name}' is not a column of the data");
            if (field.Type is not DeltaPrimitiveType { Kind: not (DeltaValueKind.Binary or DeltaValueKind.Other) })
            {
                throw new DeltaWriteException($"partition column '{name}' must have a primitive, non-binary type");
            }

            if (fields.Contains(field))
            {
                throw new DeltaWriteException($"partition column '{name}' is listed twice");
            }

            fields.Add(field);
        }

        if (fields.Count > 0 && fields.Count == schema.Fields.Count)
        {
            throw new DeltaWriteException("a table cannot be partitioned by all of its columns");
        }

        return fields;
    }

    private static Dictionary<string, string?> PartitionValues(List<DeltaStructField> partitionFields, IDictionary? keys)
    {
        var values = new Dictionary<string, string?>(partitionFields.Count, StringComparer.Ordinal);
        foreach (var field in partitionFields)
        {
            string? text = null;
            if (keys is not null)
            {
                foreach (DictionaryEntry entry in keys)
                {
                    if (string.Equals(entry.Key as string, field.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        text = entry.Value?.ToString();
                        break;
                    }
                }
            }

            values[field.Name] = DeltaValues.ToPartitionValue(((DeltaPrimitiveType)field.Type).Kind, text);
        }

        return values;
    }
}
