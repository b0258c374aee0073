using System.Globalization;
using System.Text;
using Weir.Engine;
using Weir.Lake;
using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>
/// Data operations on a Delta table, run by DuckDB: each writes new data files and returns the add and remove actions
/// for the caller to commit (through Weir.Lake) in one commit. Nothing here commits or deletes a live file, so a
/// process that dies mid-way leaves the table as it was, plus orphan files for VACUUM.
/// </summary>
public sealed class DeltaTableOperations
{
    private readonly ISqlSession _session;
    private readonly string _folder;
    private readonly DeltaFileWriter _writer;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the operations of the table under <paramref name="tableFolder"/> (an absolute local path).</summary>
    /// <param name="session">The DuckDB session the statements run on.</param>
    /// <param name="tableFolder">The table's root folder: data files and <c>_delta_log/</c> are under it.</param>
    /// <param name="timeProvider">The clock for modification and deletion times; <see cref="TimeProvider.System"/> by default.</param>
    public DeltaTableOperations(ISqlSession session, string tableFolder, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tableFolder);
        _session = session;
        _folder = Path.GetFullPath(tableFolder);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _writer = new DeltaFileWriter(_timeProvider);
    }

    /// <summary>The size at which an unpartitioned write starts a new file.</summary>
    /// <value>Defaults to <see cref="DeltaWriteOptions.DefaultTargetFileSize"/>.</value>
    public long TargetFileSize { get; init; } = DeltaWriteOptions.DefaultTargetFileSize;

    /// <summary>The Parquet format version of the files written (1 or 2).</summary>
    /// <value>Defaults to 2.</value>
    public int ParquetVersion { get; init; } = 2;

    /// <summary>Whether appends, overwrites and merges keep their SELECT's row order (see <see cref="DeltaWriteOptions.PreserveOrder"/>).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool PreserveOrder { get; init; } = true;

    /// <summary>
    /// Appends the rows of <paramref name="select"/>. Into an existing table (<paramref name="snapshot"/> set) they are
    /// cast to its schema by column name; for a new table (<paramref name="snapshot"/> null) the SELECT's schema and
    /// <paramref name="partitionColumns"/> define it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="partitionColumns"/> differ from an existing table's.</exception>
    public async Task<DeltaOperationResult> AppendAsync(
        Snapshot? snapshot,
        string select,
        IReadOnlyList<string>? partitionColumns = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(select);
        if (snapshot is not null && partitionColumns is not null
            && !partitionColumns.SequenceEqual(snapshot.Metadata.PartitionColumns, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"The table is partitioned by ({string.Join(", ", snapshot.Metadata.PartitionColumns)}); an append cannot change that.",
                nameof(partitionColumns));
        }

        var options = snapshot is null
            ? new DeltaWriteOptions
            {
                PartitionColumns = partitionColumns ?? [], TargetFileSize = TargetFileSize, ParquetVersion = ParquetVersion, PreserveOrder = PreserveOrder,
            }
            : TableOptions(snapshot, dataChange: true);
        var written = await _writer.WriteAsync(_session, select, _folder, options, cancellationToken).ConfigureAwait(false);
        return new DeltaOperationResult("WRITE", written.SchemaString, written.PartitionColumns)
        {
            Adds = written.Adds,
            OutputRows = written.RowCount,
            SourceRows = written.RowCount,
        };
    }

    /// <summary>
    /// Replaces the whole table with the rows of <paramref name="select"/>, whose schema becomes the table's: adds the
    /// new files and removes every live one. Partition columns are <paramref name="partitionColumns"/>, else the
    /// snapshot's.
    /// </summary>
    public async Task<DeltaOperationResult> OverwriteAsync(
        Snapshot? snapshot,
        string select,
        IReadOnlyList<string>? partitionColumns = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(select);
        var options = new DeltaWriteOptions
        {
            PartitionColumns = partitionColumns ?? snapshot?.Metadata.PartitionColumns ?? [],
            TargetFileSize = TargetFileSize,
            ParquetVersion = ParquetVersion,
            PreserveOrder = PreserveOrder,
        };
        var written = await _writer.WriteAsync(_session, select, _folder, options, cancellationToken).ConfigureAwait(false);
        var now = Now();
        return new DeltaOperationResult("WRITE", written.SchemaString, written.PartitionColumns)
        {
            Adds = written.Adds,
            Removes = snapshot?.Files.Select(f => ToRemove(f, now, dataChange: true)).ToList() ?? [],
            OutputRows = written.RowCount,
            SourceRows = written.RowCount,
            DeletedRows = snapshot?.Files.Sum(RecordCount) ?? 0,
        };
    }

    /// <summary>
    /// Replaces the partitions <paramref name="partitionFilter"/> selects (its conditions must all be on partition
    /// columns) with the rows of <paramref name="select"/>: removes only those partitions' files. Every written row must
    /// fall in a selected partition; otherwise the written files are deleted and the operation fails.
    /// </summary>
    /// <exception cref="DeltaWriteException">The SELECT produced rows outside the selected partitions.</exception>
    public async Task<DeltaOperationResult> OverwritePartitionsAsync(
        Snapshot snapshot,
        string select,
        DeltaFilter partitionFilter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(select);
        ArgumentNullException.ThrowIfNull(partitionFilter);
        var partitions = snapshot.Metadata.PartitionColumns;
        foreach (var condition in partitionFilter.Conditions)
        {
            if (!partitions.Contains(condition.Column, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{condition.Column}' is not a partition column of the table.", nameof(partitionFilter));
            }
        }

        var pruner = new DeltaFilePruner(DeltaStructType.Parse(snapshot.Metadata.SchemaString), partitions, partitionFilter);
        var written = await _writer.WriteAsync(_session, select, _folder, TableOptions(snapshot, dataChange: true), cancellationToken)
            .ConfigureAwait(false);
        if (written.Adds.FirstOrDefault(pruner.RulesOutByPartition) is { } stray)
        {
            foreach (var add in written.Adds)
            {
                File.Delete(DeltaPaths.ToAbsolute(_folder, add.Path));
            }

            var values = string.Join(", ", stray.PartitionValues.Select(p => $"{p.Key}={p.Value ?? "NULL"}"));
            throw new DeltaWriteException($"the rows to write include partition ({values}), which '{partitionFilter}' does not select");
        }

        var now = Now();
        var replaced = snapshot.Files.Where(f => !pruner.RulesOutByPartition(f)).ToList();
        return new DeltaOperationResult("WRITE", written.SchemaString, written.PartitionColumns)
        {
            Adds = written.Adds,
            Removes = replaced.Select(f => ToRemove(f, now, dataChange: true)).ToList(),
            OutputRows = written.RowCount,
            SourceRows = written.RowCount,
            DeletedRows = replaced.Sum(RecordCount),
        };
    }

    /// <summary>
    /// Deletes the rows for which <paramref name="predicateSql"/> (a DuckDB condition over the table's columns) is
    /// true. One query over the live files finds the files holding such rows; only those are removed and rewritten
    /// without them.
    /// </summary>
    public async Task<DeltaOperationResult> DeleteWhereAsync(
        Snapshot snapshot,
        string predicateSql,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(predicateSql);
        var matched = await CountRowsPerFileAsync(
            snapshot,
            snapshot.Files,
            scan => $"SELECT t.{Quote(DeltaScanBuilder.FileColumn)}, count(*) FROM ({scan}) AS t WHERE ({predicateSql}) GROUP BY 1",
            cancellationToken).ConfigureAwait(false);
        if (matched.Files.Count == 0)
        {
            return new DeltaOperationResult("DELETE", snapshot.Metadata.SchemaString, snapshot.Metadata.PartitionColumns);
        }

        var rewrite = DeltaScanBuilder.BuildFiles(snapshot, _folder, matched.Files, withFileColumn: false);
        var written = await _writer.WriteAsync(
            _session,
            $"SELECT * FROM ({rewrite.Sql}) AS t WHERE ({predicateSql}) IS NOT TRUE",
            _folder,
            TableOptions(snapshot, dataChange: true),
            cancellationToken).ConfigureAwait(false);
        var now = Now();
        return new DeltaOperationResult("DELETE", written.SchemaString, written.PartitionColumns)
        {
            Adds = written.Adds,
            Removes = matched.Files.Select(f => ToRemove(f, now, dataChange: true)).ToList(),
            OutputRows = written.RowCount,
            DeletedRows = matched.Rows,
            CopiedRows = written.RowCount,
        };
    }

    /// <summary>
    /// Upserts the rows of <paramref name="select"/> by <paramref name="keyColumns"/>: each source row replaces the
    /// target rows with the same key (NULL keys match NULL keys), and source rows without one are inserted. Only files
    /// holding a matching key are removed and rewritten without those keys; files are first narrowed by partition and
    /// statistics to the source's key range. Running the same merge twice leaves the same rows.
    /// </summary>
    /// <exception cref="DeltaWriteException">A key is not a table column, or two source rows share a key.</exception>
    public Task<DeltaOperationResult> MergeAsync(
        Snapshot snapshot,
        string select,
        IReadOnlyList<string> keyColumns,
        CancellationToken cancellationToken = default) =>
        MergeAsync(snapshot, select, keyColumns, MergeSourceTraits.None, cancellationToken);

    /// <summary>
    /// Upserts the rows of <paramref name="select"/> by <paramref name="keyColumns"/>, as
    /// <see cref="MergeAsync(Snapshot, string, IReadOnlyList{string}, CancellationToken)"/> does, skipping the work that
    /// <paramref name="traits"/> make needless (the copy of the source rows, the duplicate-key check).
    /// </summary>
    /// <exception cref="DeltaWriteException">A key is not a table column, or two source rows share a key.</exception>
    public async Task<DeltaOperationResult> MergeAsync(
        Snapshot snapshot,
        string select,
        IReadOnlyList<string> keyColumns,
        MergeSourceTraits traits,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(select);
        ArgumentNullException.ThrowIfNull(keyColumns);
        if (keyColumns.Count == 0)
        {
            throw new ArgumentException("A merge needs at least one key column.", nameof(keyColumns));
        }

        var schema = DeltaStructType.Parse(snapshot.Metadata.SchemaString);
        var keys = keyColumns
            .Select(k => schema.Find(k) ?? throw new DeltaWriteException($"merge key '{k}' is not a column of the table"))
            .ToList();
        var uniqueKeys = traits.HasFlag(MergeSourceTraits.UniqueKeys);
        if (traits.HasFlag(MergeSourceTraits.Repeatable))
        {
            return await MergeFromAsync(snapshot, $"({select})", keys, uniqueKeys, cancellationToken).ConfigureAwait(false);
        }

        var source = Quote("__weir_merge_" + Guid.NewGuid().ToString("N"));
        await _session.ExecuteAsync($"CREATE TEMP TABLE {source} AS {select}", cancellationToken).ConfigureAwait(false);
        try
        {
            return await MergeFromAsync(snapshot, source, keys, uniqueKeys, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _session.ExecuteAsync($"DROP TABLE IF EXISTS {source}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Compacts small files: in each partition, the files smaller than <paramref name="targetFileSize"/> (when there
    /// are at least two) are rewritten together into fewer files. Add and remove actions carry dataChange = false.
    /// </summary>
    public async Task<DeltaOperationResult> OptimizeAsync(
        Snapshot snapshot,
        long? targetFileSize = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var target = targetFileSize ?? TargetFileSize;
        var partitions = snapshot.Metadata.PartitionColumns;
        var compacted = snapshot.Files
            .Where(f => f.Size < target)
            .GroupBy(f => string.Join('\u0001', partitions.Select(p => SqlText.PartitionValue(f.PartitionValues, p) ?? "\u0000")))
            .Where(g => g.Count() > 1)
            .SelectMany(g => g)
            .ToList();
        if (compacted.Count == 0)
        {
            return new DeltaOperationResult("OPTIMIZE", snapshot.Metadata.SchemaString, partitions);
        }

        var scan = DeltaScanBuilder.BuildFiles(snapshot, _folder, compacted, withFileColumn: false);
        var options = new DeltaWriteOptions
        {
            PartitionColumns = partitions,
            SchemaString = snapshot.Metadata.SchemaString,
            TargetFileSize = target,
            ParquetVersion = ParquetVersion,
            DataChange = false,
        };
        var written = await _writer.WriteAsync(_session, scan.Sql, _folder, options, cancellationToken).ConfigureAwait(false);
        var now = Now();
        return new DeltaOperationResult("OPTIMIZE", written.SchemaString, written.PartitionColumns)
        {
            Adds = written.Adds,
            Removes = compacted.Select(f => ToRemove(f, now, dataChange: false)).ToList(),
            OutputRows = written.RowCount,
            CopiedRows = written.RowCount,
        };
    }

    // One pass over the source gives its row count, the key range that prunes the files, and whether a key repeats;
    // then only the files that may hold a source key are read. A single candidate file with more rows than the source
    // (so it cannot be wholly replaced) is rewritten without first asking which of its rows match (that join would read
    // it once more), and the matched count is what the rewrite did not copy. Otherwise a semi-join counts the matches
    // per file: files without one are left alone, and files whose every row matches are removed without being read.
    private async Task<DeltaOperationResult> MergeFromAsync(
        Snapshot snapshot,
        string source,
        List<DeltaStructField> keys,
        bool uniqueKeys,
        CancellationToken cancellationToken)
    {
        var profile = await ProfileSourceAsync(source, keys, uniqueKeys, cancellationToken).ConfigureAwait(false);
        var candidates = MergeCandidates(snapshot, profile);
        var join = string.Join(" AND ", keys.Select(k => $"t.{Quote(k.Name)} IS NOT DISTINCT FROM s.{Quote(k.Name)}"));
        IReadOnlyList<AddAction> removed;
        IReadOnlyList<AddAction> rewritten;
        long? matchedRows = null;
        if (candidates.Count == 1 && FileRecordCount(candidates[0]) is { } fileRows && fileRows > profile.Rows)
        {
            removed = candidates;
            rewritten = candidates;
        }
        else
        {
            var covered = await CoveredFilesAsync(source, keys, profile, candidates, cancellationToken).ConfigureAwait(false);
            var matched = await CountRowsPerFileAsync(
                snapshot,
                [.. candidates.Where(f => !covered.Contains(f))],
                scan => $"SELECT t.{Quote(DeltaScanBuilder.FileColumn)}, count(*) FROM ({scan}) AS t "
                    + $"SEMI JOIN {source} AS s ON {join} GROUP BY 1",
                cancellationToken).ConfigureAwait(false);
            var joined = new HashSet<AddAction>(matched.Files, ReferenceEqualityComparer.Instance);
            removed = [.. candidates.Where(f => covered.Contains(f) || joined.Contains(f))];
            rewritten = matched.Files.Where((f, i) => matched.PerFile[i] != FileRecordCount(f)).ToList();
            matchedRows = matched.Rows + covered.Sum(f => FileRecordCount(f)!.Value);
        }

        var select = $"SELECT * FROM {source}";
        if (rewritten.Count > 0)
        {
            var kept = DeltaScanBuilder.BuildFiles(snapshot, _folder, rewritten, withFileColumn: false);
            select = $"SELECT t.* FROM ({kept.Sql}) AS t ANTI JOIN {source} AS s ON {join} UNION ALL BY NAME {select}";
        }

        var written = await _writer.WriteAsync(_session, select, _folder, TableOptions(snapshot, dataChange: true), cancellationToken)
            .ConfigureAwait(false);
        var sourceRows = profile.Rows;
        var copied = written.RowCount - sourceRows;
        var matchedCount = matchedRows ?? (removed.Sum(f => FileRecordCount(f) ?? 0) - copied);
        var now = Now();
        return new DeltaOperationResult("MERGE", written.SchemaString, written.PartitionColumns)
        {
            Adds = written.Adds,
            Removes = removed.Select(f => ToRemove(f, now, dataChange: true)).ToList(),
            OutputRows = written.RowCount,
            SourceRows = sourceRows,
            DeletedRows = matchedCount,
            UpdatedRows = matchedCount,
            InsertedRows = Math.Max(0, sourceRows - matchedCount),
            CopiedRows = copied,
        };
    }

    // The candidate files whose every row matches a source key, proved without reading them: with one integer key, keys
    // unique and never NULL in the source (vouched for, or checked by the profile), a file's statistics bound its keys
    // to [min, max]; when the source holds max - min + 1 distinct integers in that range, it holds every integer there,
    // so every key of the file. One pass over the source's key column counts them for all candidates; a file without
    // statistics for the key, or with NULL keys, is left to the semi-join.
    private async Task<HashSet<AddAction>> CoveredFilesAsync(
        string source,
        List<DeltaStructField> keys,
        SourceProfile profile,
        IReadOnlyList<AddAction> candidates,
        CancellationToken cancellationToken)
    {
        var covered = new HashSet<AddAction>(ReferenceEqualityComparer.Instance);
        if (keys.Count != 1 || keys[0].Type is not DeltaPrimitiveType { Kind: DeltaValueKind.Integer }
            || !profile.KeyRange.Any(c => string.Equals(c.Column, keys[0].Name, StringComparison.Ordinal)))
        {
            return covered;
        }

        var key = keys[0].Name;
        var ranges = new List<(AddAction File, long Min, long Max)>();
        foreach (var file in candidates)
        {
            if (FileStats.Parse(file.Stats) is { NumRecords: not null } stats
                && stats.NullCount.TryGetValue(key, out var nulls) && nulls.TryGetInt64(out var nullCount) && nullCount == 0
                && stats.MinValues.TryGetValue(key, out var minValue) && minValue.TryGetInt64(out var min)
                && stats.MaxValues.TryGetValue(key, out var maxValue) && maxValue.TryGetInt64(out var max)
                && min <= max && (Int128)max - min + 1 <= profile.Rows)
            {
                ranges.Add((file, min, max));
            }
        }

        // Bounded so the query stays small; the semi-join handles any number of files.
        if (ranges.Count == 0 || ranges.Count > 64)
        {
            return covered;
        }

        var name = Quote(key);
        // The proof counts integers: a source key of another type (a cast the schema plan did not make) is left to the join.
        var type = await _session.ScalarAsync($"SELECT typeof({name}) FROM {source} LIMIT 1", cancellationToken).ConfigureAwait(false) as string;
        if (type is not ("TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT"))
        {
            return covered;
        }

        var counts = string.Join(", ", ranges.Select(r => string.Create(
            CultureInfo.InvariantCulture, $"count(*) FILTER (WHERE {name} BETWEEN {r.Min} AND {r.Max})")));
        var row = (await _session.QueryAsync($"SELECT {counts} FROM {source}", cancellationToken: cancellationToken).ConfigureAwait(false)).Rows[0];
        for (var i = 0; i < ranges.Count; i++)
        {
            if ((Int128)Convert.ToInt64(row[i], CultureInfo.InvariantCulture) == (Int128)ranges[i].Max - ranges[i].Min + 1)
            {
                covered.Add(ranges[i].File);
            }
        }

        return covered;
    }

    // The source's row count, and for each key whose type the pruner can compare, its non-NULL count, min and max; with
    // the distinct key count unless the caller vouches for unique keys. Throws when a key repeats.
    private async Task<SourceProfile> ProfileSourceAsync(
        string source,
        List<DeltaStructField> keys,
        bool uniqueKeys,
        CancellationToken cancellationToken)
    {
        var prunable = keys.Where(k => k.Type is DeltaPrimitiveType { Kind: not (DeltaValueKind.Other or DeltaValueKind.Binary) }).ToList();
        var sql = new StringBuilder("SELECT count(*)");
        foreach (var key in prunable)
        {
            var name = Quote(key.Name);
            sql.Append(CultureInfo.InvariantCulture, $", count({name}), CAST(min({name}) AS VARCHAR), CAST(max({name}) AS VARCHAR)");
        }

        if (!uniqueKeys)
        {
            // GROUP BY semantics (NULL keys are one group): a single key's NULLs are one more group; a row of several keys
            // is never NULL, and DISTINCT treats NULL fields as equal.
            sql.Append(keys.Count == 1
                ? $", count(DISTINCT {Quote(keys[0].Name)}) + CAST(count(*) > count({Quote(keys[0].Name)}) AS BIGINT)"
                : $", count(DISTINCT ROW({string.Join(", ", keys.Select(k => Quote(k.Name)))}))");
        }

        var row = (await _session.QueryAsync(sql.Append(" FROM ").Append(source).ToString(), cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Rows[0];
        var total = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
        if (!uniqueKeys && Convert.ToInt64(row[^1], CultureInfo.InvariantCulture) < total)
        {
            // Only on failure: how many keys repeat, for the message.
            var keyList = string.Join(", ", keys.Select(k => Quote(k.Name)));
            var duplicates = await ScalarLongAsync(
                    $"SELECT count(*) FROM (SELECT 1 FROM {source} GROUP BY {keyList} HAVING count(*) > 1)",
                    cancellationToken)
                .ConfigureAwait(false);
            throw new DeltaWriteException(
                $"the merge source has {duplicates} key(s) on more than one row; keys ({keyList}) must be unique");
        }

        var conditions = new List<DeltaCondition>();
        for (var i = 0; i < prunable.Count && total > 0; i++)
        {
            var nonNull = Convert.ToInt64(row[1 + (3 * i)], CultureInfo.InvariantCulture);
            if (nonNull == total)
            {
                conditions.Add(new DeltaCondition(prunable[i].Name, DeltaComparison.GreaterThanOrEqual, row[2 + (3 * i)]));
                conditions.Add(new DeltaCondition(prunable[i].Name, DeltaComparison.LessThanOrEqual, row[3 + (3 * i)]));
            }
        }

        return new SourceProfile(total, conditions);
    }

    // The files that may hold a source key: pruned by partition values and statistics to the source's key range (for
    // each key without NULLs in the source).
    private IReadOnlyList<AddAction> MergeCandidates(Snapshot snapshot, SourceProfile profile)
    {
        if (snapshot.Files.Count == 0 || profile.Rows == 0)
        {
            return [];
        }

        if (profile.KeyRange.Count == 0)
        {
            return snapshot.Files;
        }

        try
        {
            return DeltaScanBuilder.Build(snapshot, _folder, new DeltaFilter(profile.KeyRange)).Files;
        }
        catch (ArgumentException)
        {
            // A key range DuckDB printed in a form the pruner cannot read: read every file rather than guess.
            return snapshot.Files;
        }
    }

    private async Task<(IReadOnlyList<AddAction> Files, long Rows, IReadOnlyList<long> PerFile)> CountRowsPerFileAsync(
        Snapshot snapshot,
        IReadOnlyList<AddAction> files,
        Func<string, string> query,
        CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return ([], 0, []);
        }

        var scan = DeltaScanBuilder.BuildFiles(snapshot, _folder, files, withFileColumn: true);
        var byPath = new Dictionary<string, AddAction>(StringComparer.Ordinal);
        for (var i = 0; i < scan.Files.Count; i++)
        {
            byPath[scan.FilePaths[i]] = scan.Files[i];
        }

        var result = await _session.QueryAsync(query(scan.Sql), cancellationToken: cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<AddAction, long>(result.Rows.Count, ReferenceEqualityComparer.Instance);
        long rows = 0;
        foreach (var row in result.Rows)
        {
            var path = (string)row[0]!;
            var file = byPath.TryGetValue(path, out var found)
                ? found
                : throw new InvalidOperationException($"DuckDB named a file the scan did not read: '{path}'.");
            var count = Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
            counts[file] = count;
            rows += count;
        }

        // Keep the snapshot's order, so the actions (and the rewrite) do not depend on DuckDB's output order.
        var matched = files.Where(counts.ContainsKey).ToList();
        return (matched, rows, matched.Select(f => counts[f]).ToList());
    }

    private DeltaWriteOptions TableOptions(Snapshot snapshot, bool dataChange) => new()
    {
        PartitionColumns = snapshot.Metadata.PartitionColumns,
        SchemaString = snapshot.Metadata.SchemaString,
        TargetFileSize = TargetFileSize,
        ParquetVersion = ParquetVersion,
        PreserveOrder = PreserveOrder,
        DataChange = dataChange,
    };

    private async Task<long> ScalarLongAsync(string sql, CancellationToken cancellationToken) =>
        Convert.ToInt64(await _session.ScalarAsync(sql, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Quote(string name) => SqlText.Identifier(name);

    private static RemoveAction ToRemove(AddAction file, long now, bool dataChange) => new()
    {
        Path = file.Path,
        DeletionTimestamp = now,
        DataChange = dataChange,
        ExtendedFileMetadata = true,
        PartitionValues = file.PartitionValues,
        Size = file.Size,
        Stats = file.Stats,
    };

    private static long? FileRecordCount(AddAction file) => FileStats.Parse(file.Stats)?.NumRecords;

    private static long RecordCount(AddAction file)
    {
        if (file.Stats is null)
        {
            return 0;
        }

        using var document = System.Text.Json.JsonDocument.Parse(file.Stats);
        return document.RootElement.TryGetProperty("numRecords", out var records) && records.TryGetInt64(out var count) ? count : 0;
    }

    /// <summary>What one pass over a merge's source found: its rows, and the key range that prunes the table's files.</summary>
    private sealed record SourceProfile(long Rows, IReadOnlyList<DeltaCondition> KeyRange);
}
