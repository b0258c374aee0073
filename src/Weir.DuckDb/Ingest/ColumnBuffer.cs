using System.Data.Common;
using DuckDB.NET.Data;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// One column of a batch of rows on their way from the source's reader to DuckDB's appender: the values in the column's
/// own type (no boxing) and a NULL flag per row.
/// </summary>
internal abstract class ColumnBuffer
{
    /// <summary>A buffer of <paramref name="capacity"/> values read with <paramref name="read"/> and appended with <paramref name="append"/>.</summary>
    public static ColumnBuffer Of<T>(int capacity, Func<DbDataReader, int, T> read, Func<IDuckDBAppenderRow, T, IDuckDBAppenderRow> append) =>
        new Typed<T>(capacity, read, append);

    /// <summary>Stores the value at <paramref name="ordinal"/> of the reader's current row as row <paramref name="row"/>.</summary>
    public abstract void Read(DbDataReader reader, int ordinal, int row);

    /// <summary>Appends row <paramref name="row"/>'s value to the appender's current row.</summary>
    public abstract void Append(IDuckDBAppenderRow target, int row);

    private sealed class Typed<T>(int capacity, Func<DbDataReader, int, T> read, Func<IDuckDBAppenderRow, T, IDuckDBAppenderRow> append)
        : ColumnBuffer
    {
        private readonly T[] _values = new T[capacity];
        private readonly bool[] _nulls = new bool[capacity];

        public override void Read(DbDataReader reader, int ordinal, int row)
        {
            if (reader.IsDBNull(ordinal))
            {
                _nulls[row] = true;
                _values[row] = default!;
            }
            else
            {
                _nulls[row] = false;
                _values[row] = read(reader, ordinal);
            }
        }

        public override void Append(IDuckDBAppenderRow target, int row) =>
            _ = _nulls[row] ? target.AppendNullValue() : append(target, _values[row]);
    }
}
