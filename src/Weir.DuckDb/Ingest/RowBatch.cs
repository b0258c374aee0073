using System.Data.Common;
using DuckDB.NET.Data;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// Up to <see cref="Capacity"/> rows of a database source, read on one thread and appended to DuckDB on another, so
/// that decoding the source's rows and filling DuckDB's chunks overlap.
/// </summary>
internal sealed class RowBatch
{
    /// <summary>DuckDB's vector size: the appender sends one chunk per full batch.</summary>
    public const int Capacity = 2048;

    private readonly ColumnBuffer[] _columns;

    public RowBatch(IReadOnlyList<SourceColumn> columns)
    {
        _columns = columns.Select(c => c.CreateBuffer(Capacity)).ToArray();
    }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>Stores the reader's current row.</summary>
    public void Read(DbDataReader reader)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Read(reader, i, Count);
        }

        Count++;
    }

    /// <summary>Appends the rows held to <paramref name="appender"/> and empties the batch.</summary>
    public void AppendTo(DuckDBAppender appender)
    {
        for (var row = 0; row < Count; row++)
        {
            var target = appender.CreateRow();
            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i].Append(target, row);
            }

            target.EndRow();
        }

        Count = 0;
    }
}
