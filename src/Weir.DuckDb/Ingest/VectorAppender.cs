using System.Buffers.Binary;
using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using DuckDBAppender = DuckDB.NET.Native.DuckDBAppender;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// Appends rows to a DuckDB table by writing each value straight into the vectors of a data chunk (DuckDB's own
/// in-memory layout) and handing the chunk to a native appender every <see cref="NativeMethods.Helpers.DuckDBVectorSize"/>
/// rows. The ingest loops' hot path: DuckDB.NET's row appender dispatches per value, copies every string into unmanaged
/// memory and converts every decimal with a power of ten; here a value is one store, a decimal its own digits and a
/// string one encode into a reused buffer.
/// </summary>
/// <remarks>
/// The caller writes every column of a row with the method of the column's type (the table is created from the same
/// column list), then calls <see cref="EndRow"/>. A row abandoned before <see cref="EndRow"/> (a value that could not be
/// read) is overwritten by the next one. <see cref="Close"/> appends what is pending and reports DuckDB's error, if any.
/// (Handing full chunks to a second thread was measured too: on two cores it gained nothing, so it is not done.)
/// </remarks>
internal sealed unsafe class VectorAppender : IDisposable
{
    /// <summary>The longest string DuckDB keeps inside its 16-byte <c>duckdb_string_t</c>, in bytes.</summary>
    private const int InlineLength = 12;

    private static readonly long s_unixEpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly int s_unixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly Int128[] s_powersOfTen = PowersOfTen();

    private readonly DuckDBAppender _appender;
    private readonly DuckDBLogicalType[] _types;
    private readonly nint[] _typeHandles;
    private readonly int _rowWidth;
    private readonly string _table;
    private DuckDBDataChunk _chunk;
    private StagedChunks? _keep;
    private long _heapBytes;
    private readonly int _capacity;
    private readonly nint[] _vectors;
    private readonly nint[] _data;
    private readonly nint[] _validity;
    private readonly DecimalLayout[] _decimals;
    private byte[] _utf8 = new byte[256];
    private int _row;
    private bool _closed;

    private VectorAppender(
        DuckDBAppender appender, DuckDBLogicalType[] types, string table, DecimalLayout[] decimals, int rowWidth, StagedChunks? keep)
    {
        _appender = appender;
        _types = types;
        _typeHandles = types.Select(t => t.DangerousGetHandle()).ToArray();
        _rowWidth = rowWidth;
        _keep = keep;
        _table = table;
        _capacity = checked((int)NativeMethods.Helpers.DuckDBVectorSize());
        _decimals = decimals;
        _vectors = new nint[decimals.Length];
        _data = new nint[decimals.Length];
        _validity = new nint[decimals.Length];
        // The chunk keeps its own copy of the types.
        _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk(_typeHandles, (ulong)_typeHandles.Length);
        Refresh();
    }

    /// <summary>The rows appended so far (those handed to DuckDB and those pending in the current chunk).</summary>
    public long Rows { get; private set; }

    /// <summary>
    /// Opens an appender on <paramref name="table"/> (in <paramref name="catalog"/>.<paramref name="schema"/>, or found on
    /// the search path). With <paramref name="keep"/>, full chunks are handed to it instead while its budget lasts, and
    /// only the rest is appended to the table.
    /// </summary>
    /// <exception cref="InvalidOperationException">DuckDB refused to open the appender (no such table).</exception>
    public static VectorAppender Create(
        DuckDBConnection connection, string table, string? catalog = null, string? schema = null, StagedChunks? keep = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var state = NativeMethods.Appender.DuckDBAppenderCreateExt(connection.NativeConnection, catalog, schema, table, out var appender);
        if (state != DuckDBState.Success)
        {
            var message = ErrorOf(appender);
            appender.Dispose();
            throw new InvalidOperationException($"cannot append to {table}: {message}");
        }

        var columns = checked((int)NativeMethods.Appender.DuckDBAppenderColumnCount(appender));
        var types = new DuckDBLogicalType[columns];
        try
        {
            var decimals = new DecimalLayout[columns];
            var rowWidth = 0;
            for (var i = 0; i < columns; i++)
            {
                types[i] = NativeMethods.Appender.DuckDBAppenderColumnType(appender, (ulong)i);
                var id = NativeMethods.LogicalType.DuckDBGetTypeId(types[i]);
                if (id == DuckDBType.Decimal)
                {
                    decimals[i] = new DecimalLayout(
                        NativeMethods.LogicalType.DuckDBDecimalWidth(types[i]),
                        NativeMethods.LogicalType.DuckDBDecimalScale(types[i]),
                        NativeMethods.LogicalType.DuckDBDecimalInternalType(types[i]));
                }

                rowWidth += SlotWidth(id == DuckDBType.Decimal ? decimals[i].Storage : id);
            }

            // The kept chunks outlive this appender: they get types of their own.
            keep?.Describe([.. Enumerable.Range(0, columns).Select(i => NativeMethods.Appender.DuckDBAppenderColumnType(appender, (ulong)i))]);
            return new VectorAppender(appender, types, table, decimals, rowWidth, keep);
        }
        catch
        {
            foreach (var type in types)
            {
                type?.Dispose();
            }

            appender.Dispose();
            throw;
        }
    }

    /// <summary>Sets the current row's value of <paramref name="column"/> to NULL.</summary>
    public void AppendNull(int column)
    {
        var validity = (ulong*)_validity[column];
        if (validity is null)
        {
            NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(_vectors[column]);
            validity = NativeMethods.Vectors.DuckDBVectorGetValidity(_vectors[column]);
            _validity[column] = (nint)validity;
        }

        validity[_row >> 6] &= ~(1UL << (_row & 63));
    }

    /// <summary>A BOOLEAN value.</summary>
    public void Append(int column, bool value) => *Slot<byte>(column) = value ? (byte)1 : (byte)0;

    /// <summary>A SMALLINT value.</summary>
    public void Append(int column, short value) => *Slot<short>(column) = value;

    /// <summary>An INTEGER value.</summary>
    public void Append(int column, int value) => *Slot<int>(column) = value;

    /// <summary>A BIGINT value.</summary>
    public void Append(int column, long value) => *Slot<long>(column) = value;

    /// <summary>A FLOAT value.</summary>
    public void Append(int column, float value) => *Slot<float>(column) = value;

    /// <summary>A DOUBLE value.</summary>
    public void Append(int column, double value) => *Slot<double>(column) = value;

    /// <summary>
    /// A DECIMAL value at the column's scale (extra fraction digits are truncated, as DuckDB.NET's appender does).
    /// </summary>
    /// <exception cref="OverflowException">The value has more integer digits than the column's precision allows.</exception>
    public void Append(int column, decimal value)
    {
        var layout = _decimals[column];
        if (layout.Storage == DuckDBType.BigInt && value.Scale == layout.Scale)
        {
            // The common case (a numeric(p ≤ 18, s) read at its own scale): the decimal's 96-bit digits fit a long.
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            if (bits[2] == 0 && magnitude < (ulong)s_powersOfTen[layout.Width])
            {
                *Slot<long>(column) = bits[3] < 0 ? -(long)magnitude : (long)magnitude;
                return;
            }
        }

        var unscaled = Unscaled(value, layout.Scale);
        if (Int128.Abs(unscaled) >= s_powersOfTen[layout.Width])
        {
            throw new OverflowException($"{value} does not fit DECIMAL({layout.Width},{layout.Scale})");
        }

        switch (layout.Storage)
        {
            case DuckDBType.SmallInt:
                *Slot<short>(column) = (short)unscaled;
                break;
            case DuckDBType.Integer:
                *Slot<int>(column) = (int)unscaled;
                break;
            case DuckDBType.BigInt:
                *Slot<long>(column) = (long)unscaled;
                break;
            default:
                *Slot<Int128>(column) = unscaled;
                break;
        }
    }

    /// <summary>A VARCHAR value (any .NET string: unpaired surrogates become U+FFFD, so DuckDB always receives valid UTF-8).</summary>
    public void Append(int column, string value)
    {
        // A string of at most 12 bytes is stored inline in its duckdb_string_t (length, then the bytes, zero padded):
        // written in place, with no call into DuckDB. A longer one is copied into the vector's string heap by DuckDB.
        if (value.Length <= InlineLength)
        {
            var inline = (byte*)Slot<Int128>(column);
            *(Int128*)inline = 0;
            if (Encoding.UTF8.TryGetBytes(value, new Span<byte>(inline + sizeof(uint), InlineLength), out var written))
            {
                *(uint*)inline = (uint)written;
                return;
            }
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _utf8);
        _heapBytes += length;
        MarkValid(column);
        fixed (byte* bytes = _utf8)
        {
            NativeMethods.Vectors.DuckDBUnsafeVectorAssignStringElementLength(_vectors[column], (ulong)_row, bytes, length);
        }
    }

    /// <summary>A BLOB value.</summary>
    public void Append(int column, ReadOnlySpan<byte> value)
    {
        _heapBytes += value.Length;
        MarkValid(column);
        fixed (byte* bytes = value)
        {
            NativeMethods.Vectors.DuckDBUnsafeVectorAssignStringElementLength(_vectors[column], (ulong)_row, bytes, value.Length);
        }
    }

    /// <summary>A DATE value.</summary>
    public void Append(int column, DateOnly value) => *Slot<int>(column) = value.DayNumber - s_unixEpochDay;

    /// <summary>
    /// A TIMESTAMP or TIMESTAMPTZ value: microseconds since 1970-01-01 of the value's clock reading, whatever its
    /// <see cref="DateTime.Kind"/> (pass a UTC reading for TIMESTAMPTZ).
    /// </summary>
    public void Append(int column, DateTime value) => *Slot<long>(column) = (value.Ticks - s_unixEpochTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>A TIME value.</summary>
    public void Append(int column, TimeOnly value) => *Slot<long>(column) = value.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>An INTERVAL value: its whole days and the microseconds of the rest (no months).</summary>
    public void Append(int column, TimeSpan value)
    {
        var slot = Slot<Interval>(column);
        slot->Months = 0;
        slot->Days = value.Days;
        slot->Micros = (value.Ticks - (value.Days * TimeSpan.TicksPerDay)) / TimeSpan.TicksPerMicrosecond;
    }

    /// <summary>A UUID value, stored as DuckDB stores it: the big-endian 128-bit number with its top bit flipped.</summary>
    public void Append(int column, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        var slot = (ulong*)Slot<Int128>(column);
        slot[0] = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        slot[1] = BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]) ^ (1UL << 63);
    }

    /// <summary>Ends the current row; a full chunk goes to DuckDB.</summary>
    /// <exception cref="InvalidOperationException">DuckDB refused the chunk.</exception>
    public void EndRow()
    {
        Rows++;
        if (++_row == _capacity)
        {
            Flush();
        }
    }

    /// <summary>Appends the pending rows and closes the appender, so the rows are in the table.</summary>
    /// <exception cref="InvalidOperationException">DuckDB refused the rows.</exception>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        if (_row > 0)
        {
            Flush();
        }

        _closed = true;
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success)
        {
            throw new InvalidOperationException($"cannot append to {_table}: {ErrorOf(_appender)}");
        }
    }

    /// <summary>Releases the appender and the chunk; rows not yet closed in are lost.</summary>
    public void Dispose()
    {
        _chunk.Dispose();
        _appender.Dispose();
        foreach (var type in _types)
        {
            type.Dispose();
        }
    }

    /// <summary><paramref name="value"/> times 10^<paramref name="scale"/> as an integer, extra fraction digits truncated.</summary>
    internal static Int128 Unscaled(decimal value, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var own = (bits[3] >> 16) & 0xFF;
        if (own < scale)
        {
            magnitude = checked(magnitude * s_powersOfTen[scale - own]);
        }
        else if (own > scale)
        {
            magnitude /= s_powersOfTen[own - scale];
        }

        return bits[3] < 0 ? -magnitude : magnitude;
    }

    private T* Slot<T>(int column)
        where T : unmanaged
    {
        MarkValid(column);
        return (T*)_data[column] + _row;
    }

    /// <summary>A value after a NULL in the same slot (an abandoned row) must clear the NULL.</summary>
    private void MarkValid(int column)
    {
        var validity = (ulong*)_validity[column];
        if (validity is not null)
        {
            validity[_row >> 6] |= 1UL << (_row & 63);
        }
    }

    private void Flush()
    {
        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)_row);
        if (_keep?.TryKeep(_chunk, ((long)_rowWidth * _row) + _heapBytes) == true)
        {
            // Kept: the rows stay in that chunk, and the next ones go into a new one.
            _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk(_typeHandles, (ulong)_typeHandles.Length);
        }
        else
        {
            // Over the budget (if any), this chunk and every later one go to the table.
            _keep = null;
            if (NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk) != DuckDBState.Success)
            {
                throw new InvalidOperationException($"cannot append to {_table}: {ErrorOf(_appender)}");
            }

            NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        }

        // After a reset (or for a new chunk) the vectors and their data must be fetched again (DuckDB's C API contract).
        _row = 0;
        _heapBytes = 0;
        Refresh();
    }

    private void Refresh()
    {
        for (var i = 0; i < _vectors.Length; i++)
        {
            _vectors[i] = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, i);
            _data[i] = (nint)NativeMethods.Vectors.DuckDBVectorGetData(_vectors[i]);
            // A reset chunk's rows are all valid; a mask is made writable by the first NULL (AppendNull).
            _validity[i] = 0;
        }
    }

    private static string ErrorOf(DuckDBAppender appender)
    {
        if (appender.IsInvalid)
        {
            return "the appender could not be created";
        }

        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender);
        return NativeMethods.ErrorData.DuckDBErrorDataHasError(error)
            ? NativeMethods.ErrorData.DuckDBErrorDataMessage(error)
            : "unknown appender error";
    }

    /// <summary>The bytes a value of a column of type <paramref name="type"/> takes in its vector.</summary>
    private static int SlotWidth(DuckDBType type) => type switch
    {
        DuckDBType.Boolean or DuckDBType.TinyInt or DuckDBType.UnsignedTinyInt => 1,
        DuckDBType.SmallInt or DuckDBType.UnsignedSmallInt => 2,
        DuckDBType.Integer or DuckDBType.UnsignedInteger or DuckDBType.Date or DuckDBType.Float => 4,
        DuckDBType.BigInt or DuckDBType.UnsignedBigInt or DuckDBType.Double or DuckDBType.Time or DuckDBType.Timestamp
            or DuckDBType.TimestampTz or DuckDBType.TimestampS or DuckDBType.TimestampMs or DuckDBType.TimestampNs => 8,
        _ => 16,
    };

    private static Int128[] PowersOfTen()
    {
        var powers = new Int128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    /// <summary>A DECIMAL column's precision, scale and physical integer type.</summary>
    private readonly record struct DecimalLayout(byte Width, byte Scale, DuckDBType Storage);

    /// <summary>DuckDB's <c>interval_t</c>.</summary>
    private struct Interval
    {
        public int Months;
        public int Days;
        public long Micros;
    }
}
