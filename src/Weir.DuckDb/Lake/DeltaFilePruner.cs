using System.Text.Json;
using Weir.Lake.Protocol;

namespace Weir.DuckDb.Lake;

/// <summary>
/// A <see cref="DeltaFilter"/> bound to a table schema: literals converted to the columns' types, able to tell whether
/// a file's partition values or statistics rule the filter out, and to write the filter as SQL.
/// </summary>
internal sealed class DeltaFilePruner
{
    // Delta statistics truncate timestamps to milliseconds: a maximum may be up to 999 µs below the real one.
    private const long TimestampSlackMicros = 999;

    private readonly List<BoundCondition> _conditions;

    public DeltaFilePruner(DeltaStructType schema, IReadOnlyCollection<string> partitionColumns, DeltaFilter filter)
    {
        _conditions = new List<BoundCondition>(filter.Conditions.Count);
        foreach (var condition in filter.Conditions)
        {
            var field = schema.Find(condition.Column)
                ?? throw new ArgumentException($"The filter column '{condition.Column}' is not a column of the table.", nameof(filter));
            if (field.Type is not DeltaPrimitiveType primitive)
            {
                throw new ArgumentException($"The filter column '{condition.Column}' is not of a primitive type.", nameof(filter));
            }

            var values = new List<object?>(condition.Values.Count);
            foreach (var value in condition.Values)
            {
                if (!DeltaValues.TryConvert(primitive.Kind, value, out var comparable))
                {
                    throw new ArgumentException(
                        $"The value '{value}' cannot be compared with column '{field.Name}' of type {primitive.Name}.", nameof(filter));
                }

                values.Add(comparable);
            }

            var isPartition = partitionColumns.Contains(field.Name, StringComparer.OrdinalIgnoreCase);
            _conditions.Add(new BoundCondition(field.Name, primitive.Kind, condition.Comparison, values, isPartition));
        }
    }

    /// <summary>The filter as a SQL condition over the table's columns.</summary>
    public string ToSql() => string.Join(" AND ", _conditions.Select(c => c.ToSql()));

    /// <summary>Whether the file's partition values show that no row of it can match.</summary>
    public bool RulesOutByPartition(AddAction file)
    {
        foreach (var condition in _conditions.Where(c => c.IsPartition))
        {
            var text = SqlText.PartitionValue(file.PartitionValues, condition.Column);
            if (!DeltaValues.TryConvert(condition.Kind, text, out var value))
            {
                continue;
            }

            if (!condition.Holds(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the file's statistics show that no row of it can match.</summary>
    public bool RulesOutByStats(AddAction file)
    {
        if (file.Stats is null || !_conditions.Any(c => !c.IsPartition))
        {
            return false;
        }

        using var document = JsonDocument.Parse(file.Stats);
        var stats = document.RootElement;
        long? records = stats.TryGetProperty("numRecords", out var n) && n.TryGetInt64(out var count) ? count : null;
        foreach (var condition in _conditions.Where(c => !c.IsPartition))
        {
            var min = Statistic(stats, "minValues", condition);
            var max = Statistic(stats, "maxValues", condition);
            if (max is long micros && condition.Kind is DeltaValueKind.Timestamp or DeltaValueKind.TimestampNtz)
            {
                max = micros + TimestampSlackMicros;
            }

            long? nulls = Property(stats, "nullCount", condition.Column) is { ValueKind: JsonValueKind.Number } nullCount
                && nullCount.TryGetInt64(out var nullValue) ? nullValue : null;
            if (condition.RulesOut(min, max, nulls, records))
            {
                return true;
            }
        }

        return false;
    }

    private static object? Statistic(JsonElement stats, string section, BoundCondition condition) =>
        Property(stats, section, condition.Column) is { } element ? DeltaValues.FromStatistic(condition.Kind, element) : null;

    private static JsonElement? Property(JsonElement stats, string section, string column)
    {
        if (!stats.TryGetProperty(section, out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in values.EnumerateObject())
        {
            if (string.Equals(property.Name, column, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private sealed class BoundCondition
    {
        public BoundCondition(string column, DeltaValueKind kind, DeltaComparison comparison, List<object?> values, bool isPartition)
        {
            Column = column;
            Kind = kind;
            Comparison = comparison;
            Values = values;
            IsPartition = isPartition;
        }

        public string Column { get; }

        public DeltaValueKind Kind { get; }

        public DeltaComparison Comparison { get; }

        public List<object?> Values { get; }

        public bool IsPartition { get; }

        public string ToSql()
        {
            var column = SqlText.Identifier(Column);
            return Comparison switch
            {
                DeltaComparison.IsNull => $"{column} IS NULL",
                DeltaComparison.IsNotNull => $"{column} IS NOT NULL",
                DeltaComparison.In => $"{column} IN ({string.Join(", ", Values.Select(v => DeltaValues.ToSql(Kind, v)))})",
                _ => $"{column} {Operator(Comparison)} {DeltaValues.ToSql(Kind, Values[0])}",
            };
        }

        /// <summary>Whether the condition holds for a known value (null is SQL NULL).</summary>
        public bool Holds(object? value)
        {
            switch (Comparison)
            {
                case DeltaComparison.IsNull:
                    return value is null;
                case DeltaComparison.IsNotNull:
                    return value is not null;
                case DeltaComparison.In:
                    return value is not null && Values.Any(v => v is not null && DeltaValues.Compare(value, v) == 0);
                default:
                    if (value is null || Values[0] is not { } literal)
                    {
                        return false;
                    }

                    var order = DeltaValues.Compare(value, literal);
                    return Comparison switch
                    {
                        DeltaComparison.Equal => order == 0,
                        DeltaComparison.LessThan => order < 0,
                        DeltaComparison.LessThanOrEqual => order <= 0,
                        DeltaComparison.GreaterThan => order > 0,
                        _ => order >= 0,
                    };
            }
        }

        /// <summary>Whether no row of a file with these bounds (null = unknown) can satisfy the condition.</summary>
        public bool RulesOut(object? min, object? max, long? nulls, long? records)
        {
            var allNull = nulls is not null && records is not null && nulls == records;
            switch (Comparison)
            {
                case DeltaComparison.IsNull:
                    return nulls == 0;
                case DeltaComparison.IsNotNull:
                    return allNull;
                case DeltaComparison.In:
                    return allNull || Values.All(v => v is null || Outside(v, min, max));
                default:
                    if (allNull || Values[0] is not { } literal)
                    {
                        return true;
                    }

                    return Comparison switch
                    {
                        DeltaComparison.Equal => Outside(literal, min, max),
                        DeltaComparison.LessThan => min is not null && DeltaValues.Compare(min, literal) >= 0,
                        DeltaComparison.LessThanOrEqual => min is not null && DeltaValues.Compare(min, literal) > 0,
                        DeltaComparison.GreaterThan => max is not null && DeltaValues.Compare(max, literal) <= 0,
                        _ => max is not null && DeltaValues.Compare(max, literal) < 0,
                    };
            }
        }

        private static bool Outside(object literal, object? min, object? max) =>
            (min is not null && DeltaValues.Compare(literal, min) < 0) || (max is not null && DeltaValues.Compare(literal, max) > 0);

        private static string Operator(DeltaComparison comparison) => comparison switch
        {
            DeltaComparison.Equal => "=",
            DeltaComparison.LessThan => "<",
            DeltaComparison.LessThanOrEqual => "<=",
            DeltaComparison.GreaterThan => ">",
            _ => ">=",
        };
    }
}
