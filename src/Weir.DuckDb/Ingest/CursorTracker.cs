using System.Data.Common;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// The highest value of an incremental source's cursor column over the rows read, kept in the column's own type so the
/// ingest loop neither boxes nor allocates per row; it ends as the same <see cref="Watermark"/> that comparing the
/// values <see cref="SourceColumn.Read"/> returns with <see cref="Watermark.Max"/> gives.
/// </summary>
internal abstract class CursorTracker
{
    /// <summary>The highest value seen, or <see langword="null"/> when no row had one (or the type cannot be a cursor).</summary>
    public abstract Watermark? Max { get; }

    /// <summary>A tracker of <paramref name="column"/>'s values.</summary>
    public static CursorTracker For(SourceColumn column) => column.Kind switch
    {
        SourceValueKind.Int16 => new Typed<short>((r, i) => r.GetInt16(i), (a, c, v) => a.Append(c, v)),
        SourceValueKind.Int32 => new Typed<int>((r, i) => r.GetInt32(i), (a, c, v) => a.Append(c, v)),
        SourceValueKind.Int64 => new Typed<long>((r, i) => r.GetInt64(i), (a, c, v) => a.Append(c, v)),
        SourceValueKind.Float => new Typed<float>((r, i) => r.GetFloat(i), (a, c, v) => a.Append(c, v)),
        SourceValueKind.Double => new Typed<double>((r, i) => r.GetDouble(i), (a, c, v) => a.Append(c, v)),
        SourceValueKind.Decimal => new Typed<decimal>((r, i) => r.GetDecimal(i), (a, c, v) => a.Append(c, v)),
        SourceValueKind.Date => new Typed<DateOnly>((r, i) => DateOnly.FromDateTime(r.GetDateTime(i)), (a, c, v) => a.Append(c, v)),
        SourceValueKind.Timestamp => new Typed<DateTime>(
            (r, i) => DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Unspecified), (a, c, v) => a.Append(c, v)),
        SourceValueKind.TimestampTz => new Typed<DateTime>((r, i) => SourceColumn.Utc(r.GetDateTime(i)), (a, c, v) => a.Append(c, v)),
        _ => new Boxed(column),
    };

    /// <summary>
    /// Writes the cursor's value in the current row of <paramref name="reader"/> to column <paramref name="column"/> of the
    /// appender's row, as <see cref="SourceColumn.Append(DbDataReader, int, VectorAppender, int)"/> does, and takes it
    /// into account: the value is read once for both.
    /// </summary>
    public abstract void AppendAndObserve(DbDataReader reader, int ordinal, VectorAppender appender, int column);

    /// <summary>Takes the cursor's value in the current row of <paramref name="reader"/> into account.</summary>
    public abstract void Observe(DbDataReader reader, int ordinal);

    /// <summary>
    /// Takes the cursor's value into account when the driver can give it, for a row that goes to the quarantine: a
    /// quarantined row was read, so the next load need not read it again; a cursor the driver refuses is left out.
    /// </summary>
    public void TryObserve(DbDataReader reader, int ordinal)
    {
        try
        {
            Observe(reader, ordinal);
        }
        catch (Exception ex) when (DatabaseSourceReader.IsBadValue(ex))
        {
            // The cursor itself is the refused value: it cannot count.
        }
    }

    /// <summary>A value type compared as <see cref="Watermark.Compare"/> compares two values of one type.</summary>
    private sealed class Typed<T>(Func<DbDataReader, int, T> read, Action<VectorAppender, int, T> append)
        : CursorTracker
        where T : struct, IComparable<T>
    {
        private T _max;
        private bool _any;

        public override Watermark? Max => _any ? Watermark.From(_max) : null;

        public override void Observe(DbDataReader reader, int ordinal)
        {
            if (!reader.IsDBNull(ordinal))
            {
                Take(read(reader, ordinal));
            }
        }

        public override void AppendAndObserve(DbDataReader reader, int ordinal, VectorAppender appender, int column)
        {
            if (reader.IsDBNull(ordinal))
            {
                appender.AppendNull(column);
                return;
            }

            var value = read(reader, ordinal);
            append(appender, column, value);
            Take(value);
        }

        private void Take(T value)
        {
            if (!_any || value.CompareTo(_max) > 0)
            {
                _max = value;
                _any = true;
            }
        }
    }

    /// <summary>Any other type: its boxed value through <see cref="Watermark.Max"/>.</summary>
    private sealed class Boxed(SourceColumn column) : CursorTracker
    {
        private Watermark? _max;

        public override Watermark? Max => _max;

        public override void Observe(DbDataReader reader, int ordinal) =>
            _max = Watermark.Max(_max, Watermark.From(column.Read(reader, ordinal)));

        public override void AppendAndObserve(DbDataReader reader, int ordinal, VectorAppender appender, int index)
        {
            column.Append(reader, ordinal, appender, index);
            Observe(reader, ordinal);
        }
    }
}
