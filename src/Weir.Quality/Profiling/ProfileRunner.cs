using System.Globalization;
using System.Text;
using Weir.Checks;
using Weir.Engine;

namespace Weir.Quality.Profiling;

/// <summary>
/// Profiles an asset's table through an <see cref="ISqlEngine"/>: per column NULLs, approximate distinct values, min, max,
/// mean, standard deviation, top values and an equal-width histogram (<see cref="TableProfile"/>).
/// </summary>
/// <remarks>
/// <para>
/// Three statements whatever the width of the table: <c>DESCRIBE</c> for the column types, one aggregate scan for the
/// row count and every column's NULLs, <c>approx_count_distinct</c>, min, max, <c>avg</c> and <c>stddev_samp</c>, then one
/// grouped scan (<c>GROUPING SETS</c>, one set per column) for the top values and the histograms together. The grouped
/// scan is left out when the table is empty or no column needs it.
/// </para>
/// <para>
/// Statistics follow the type: numbers get them all; booleans, dates, times, timestamps and text get min and max as text
/// and no mean; BLOB, BIT and JSON get NULLs and distinct values; nested types (STRUCT, LIST, MAP, UNION) get NULLs only.
/// Text and boolean columns get top values unless they look unique (a column of ids) or have more than 100,000 distinct
/// values; numbers and dates get them when they have at most 50 distinct values. The NULL value counts as a top value.
/// The SQL is DuckDB's dialect. The runner is thread-safe: each call opens its own session.
/// </para>
/// </remarks>
public sealed class ProfileRunner
{
    private const int LowCardinality = 50;
    private const int MaxGroupedDistinct = 100_000;

    private readonly ISqlEngine _engine;
    private readonly TimeProvider _time;
    private readonly int _topValueCount = 10;
    private readonly int _histogramBins = 10;

    /// <summary>Creates a runner.</summary>
    /// <param name="engine">The engine the asset's table lives in (its default schema).</param>
    /// <param name="time">
    /// Stamps <see cref="TableProfile.ProfiledAt"/>; <see cref="TimeProvider.System"/> when <see langword="null"/>.
    /// </param>
    public ProfileRunner(ISqlEngine engine, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The most frequent values kept per column.</summary>
    /// <value>Defaults to 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int TopValueCount
    {
        get => _topValueCount;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _topValueCount = value;
        }
    }

    /// <summary>Bins of a numeric column's histogram over [min, max].</summary>
    /// <value>Defaults to 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int HistogramBins
    {
        get => _histogramBins;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _histogramBins = value;
        }
    }

    /// <summary>Profiles the table (or view) named <paramref name="asset"/>.</summary>
    /// <param name="asset">The asset, whose table has its name.</param>
    /// <param name="runId">The run the profile belongs to; <see langword="null"/> outside a run.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <returns>The profile, columns in the table's order.</returns>
    /// <remarks>The engine's exception propagates when the table cannot be read (it does not exist, …).</remarks>
    public async Task<TableProfile> ProfileAsync(string asset, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(asset);
        var table = _engine.QuoteIdentifier(asset);
        var session = await _engine.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);

        var described = await session.QueryAsync($"DESCRIBE SELECT * FROM {table}", null, cancellationToken).ConfigureAwait(false);
        var columns = described.Rows
            .Select(r => new Column((string)r[0]!, (string)r[1]!))
            .ToList();

        var aggregate = await session.QueryAsync(AggregateSql(table, columns), null, cancellationToken).ConfigureAwait(false);
        var values = aggregate.Rows[0];
        var rows = ToLong(values[0]);
        foreach (var column in columns)
        {
            column.Read(values, rows);
        }

        var grouped = new List<(Column Column, bool Histogram)>();
        foreach (var column in columns)
        {
            if (rows > 0 && WantsTopValues(column))
            {
                grouped.Add((column, false));
            }

            if (column.Kind == ProfileColumnKind.Numeric && column.NumericRange is { } range && range.Max > range.Min)
            {
                grouped.Add((column, true));
            }
            else if (column.Kind == ProfileColumnKind.Numeric && column.NumericRange is { } point)
            {
                // One value: one bin holding every non-NULL row.
                column.Histogram = [new HistogramBin(point.Min, point.Max, rows - column.Nulls)];
            }
        }

        if (grouped.Count > 0)
        {
            var result = await session.QueryAsync(GroupedSql(table, grouped), null, cancellationToken).ConfigureAwait(false);
            ReadGrouped(result, grouped);
        }

        return new TableProfile
        {
            Asset = asset,
            RunId = runId,
            ProfiledAt = _time.GetUtcNow(),
            RowCount = rows,
            Columns = [.. columns.Select(c => c.ToProfile())],
        };
    }

    /// <summary>Which statistics apply to a column of engine type <paramref name="type"/>.</summary>
    internal static ProfileColumnKind KindOf(string type)
    {
        var t = type.Trim().ToUpperInvariant();
        if (t.EndsWith(']') || t.StartsWith("STRUCT", StringComparison.Ordinal) || t.StartsWith("MAP", StringComparison.Ordinal)
            || t.StartsWith("UNION", StringComparison.Ordinal))
        {
            return ProfileColumnKind.Nested;
        }

        if (t.StartsWith("DECIMAL", StringComparison.Ordinal) || t.StartsWith("NUMERIC", StringComparison.Ordinal))
        {
            return ProfileColumnKind.Numeric;
        }

        if (t.StartsWith("ENUM", StringComparison.Ordinal) || t.StartsWith("VARCHAR", StringComparison.Ordinal))
        {
            return ProfileColumnKind.Text;
        }

        return t switch
        {
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT"
                or "UHUGEINT" or "FLOAT" or "DOUBLE" => ProfileColumnKind.Numeric,
            "BOOLEAN" => ProfileColumnKind.Boolean,
            "UUID" => ProfileColumnKind.Text,
            _ when t.StartsWith("DATE", StringComparison.Ordinal) || t.StartsWith("TIME", StringComparison.Ordinal)
                || t.StartsWith("INTERVAL", StringComparison.Ordinal) => ProfileColumnKind.Temporal,
            _ => ProfileColumnKind.Opaque,
        };
    }

    private bool WantsTopValues(Column column)
    {
        var nonNull = column.NonNull;
        return column.Kind switch
        {
            ProfileColumnKind.Text or ProfileColumnKind.Boolean =>
                column.Distinct <= MaxGroupedDistinct && (column.Distinct <= TopValueCount || column.Distinct < 0.9 * nonNull),
            ProfileColumnKind.Numeric or ProfileColumnKind.Temporal => column.Distinct <= LowCardinality,
            _ => false,
        };
    }

    private string AggregateSql(string table, List<Column> columns)
    {
        var select = new List<string> { "count(*)" };
        foreach (var column in columns)
        {
            column.Bind(_engine.QuoteIdentifier(column.Name), select);
        }

        return $"SELECT {string.Join(", ", select)} FROM {table}";
    }

    /// <summary>
    /// One scan, one grouping set per (column, top values or histogram): <c>s</c> says which set a row belongs to,
    /// <c>v</c> is the value as text (the bin number for a histogram), <c>n</c> its rows.
    /// </summary>
    private string GroupedSql(string table, List<(Column Column, bool Histogram)> sets)
    {
        var inner = new List<string>();
        var which = new StringBuilder("CASE");
        var value = new StringBuilder("CASE");
        for (var i = 0; i < sets.Count; i++)
        {
            var (column, histogram) = sets[i];
            var quoted = _engine.QuoteIdentifier(column.Name);
            var alias = string.Create(CultureInfo.InvariantCulture, $"g{i}");
            if (histogram)
            {
                var (min, max) = column.NumericRange!.Value;
                var width = (max - min) / HistogramBins;
                // The max lands in bin HistogramBins (clamped when read); least() would turn NULL into a bin, it ignores NULLs.
                inner.Add($"CAST(floor((CAST({quoted} AS DOUBLE) - {Real(min)}) / {Real(width)}) AS BIGINT) AS {alias}");
            }
            else
            {
                inner.Add($"{quoted} AS {alias}");
            }

            which.Append(CultureInfo.InvariantCulture, $" WHEN grouping({alias}) = 0 THEN {i}");
            value.Append(CultureInfo.InvariantCulture, $" WHEN grouping({alias}) = 0 THEN CAST({alias} AS VARCHAR)");
        }

        // A histogram set has at most HistogramBins + 1 bins and the NULL group.
        var keep = Math.Max(TopValueCount, HistogramBins + 2);
        var groupingSets = string.Join(
            ", ", Enumerable.Range(0, sets.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"(g{i})")));
        return $"SELECT s, v, n FROM (SELECT {which} END AS s, {value} END AS v, count(*) AS n " +
            $"FROM (SELECT {string.Join(", ", inner)} FROM {table}) GROUP BY GROUPING SETS ({groupingSets})) " +
            string.Create(CultureInfo.InvariantCulture,
                $"QUALIFY row_number() OVER (PARTITION BY s ORDER BY n DESC, v NULLS LAST) <= {keep}");
    }

    private void ReadGrouped(QueryResult result, List<(Column Column, bool Histogram)> sets)
    {
        var bySet = result.Rows
            .GroupBy(r => (int)ToLong(r[0]))
            .ToDictionary(g => g.Key, g => g.Select(r => (Value: (string?)r[1], Count: ToLong(r[2]))).ToList());
        for (var i = 0; i < sets.Count; i++)
        {
            var (column, histogram) = sets[i];
            var rows = bySet.GetValueOrDefault(i) ?? [];
            if (!histogram)
            {
                column.TopValues = [.. rows
                    .OrderByDescending(r => r.Count)
                    .ThenBy(r => r.Value is null)
                    .ThenBy(r => r.Value, StringComparer.Ordinal)
                    .Take(TopValueCount).Select(r => new ValueCount(r.Value, r.Count))];
                continue;
            }

            var (min, max) = column.NumericRange!.Value;
            var width = (max - min) / HistogramBins;
            var counts = new long[HistogramBins];
            foreach (var (bin, count) in rows)
            {
                if (bin is not null && int.TryParse(bin, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    counts[Math.Clamp(index, 0, HistogramBins - 1)] += count;
                }
            }

            column.Histogram = [.. counts.Select((count, b) =>
                new HistogramBin(min + (b * width), b == HistogramBins - 1 ? max : min + ((b + 1) * width), count))];
        }
    }

    private static string Real(double value) => $"CAST('{value.ToString("R", CultureInfo.InvariantCulture)}' AS DOUBLE)";

    private static long ToLong(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double? ToDouble(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>One column being profiled: where its aggregates sit in the aggregate row, and what was learnt.</summary>
    private sealed class Column
    {
        private int _first;

        public Column(string name, string type)
        {
            Name = name;
            Type = type;
            Kind = KindOf(type);
        }

        public string Name { get; }

        public string Type { get; }

        public ProfileColumnKind Kind { get; }

        public long Nulls { get; private set; }

        public long NonNull { get; private set; }

        public long Distinct { get; private set; }

        public string? Min { get; private set; }

        public string? Max { get; private set; }

        public double? Mean { get; private set; }

        public double? StdDev { get; private set; }

        public IReadOnlyList<ValueCount> TopValues { get; set; } = [];

        public IReadOnlyList<HistogramBin> Histogram { get; set; } = [];

        /// <summary>Min and max as finite numbers, for the histogram; <see langword="null"/> otherwise.</summary>
        public (double Min, double Max)? NumericRange =>
            Kind == ProfileColumnKind.Numeric
            && double.TryParse(Min, NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            && double.TryParse(Max, NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
            && double.IsFinite(min) && double.IsFinite(max)
                ? (min, max)
                : null;

        private bool Ordered =>
            Kind is ProfileColumnKind.Numeric or ProfileColumnKind.Boolean or ProfileColumnKind.Temporal or ProfileColumnKind.Text;

        public void Bind(string quoted, List<string> select)
        {
            _first = select.Count;
            select.Add($"count({quoted})");
            if (Kind == ProfileColumnKind.Nested)
            {
                return;
            }

            select.Add($"approx_count_distinct({quoted})");
            if (!Ordered)
            {
                return;
            }

            select.Add($"CAST(min({quoted}) AS VARCHAR)");
            select.Add($"CAST(max({quoted}) AS VARCHAR)");
            if (Kind == ProfileColumnKind.Numeric)
            {
                select.Add($"CAST(avg({quoted}) AS DOUBLE)");
                select.Add($"CAST(stddev_samp({quoted}) AS DOUBLE)");
            }
        }

        public void Read(object?[] row, long rows)
        {
            var i = _first;
            NonNull = ToLong(row[i++]);
            Nulls = rows - NonNull;
            if (Kind == ProfileColumnKind.Nested)
            {
                return;
            }

            // The estimate may overshoot a little; it can never exceed the non-NULL values.
            Distinct = Math.Min(ToLong(row[i++]), NonNull);
            if (!Ordered)
            {
                return;
            }

            Min = (string?)row[i++];
            Max = (string?)row[i++];
            if (Kind == ProfileColumnKind.Numeric)
            {
                Mean = ToDouble(row[i++]);
                StdDev = ToDouble(row[i]);
            }
        }

        public ColumnProfile ToProfile() => new()
        {
            Name = Name,
            Type = Type,
            Nulls = Nulls,
            ApproxDistinct = Distinct,
            Min = Min,
            Max = Max,
            Mean = Mean,
            StdDev = StdDev,
            TopValues = TopValues,
            Histogram = Histogram,
        };
    }
}
