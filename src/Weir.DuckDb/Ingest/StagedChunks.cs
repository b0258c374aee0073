using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// The rows of one database read, kept as the DuckDB data chunks the reader wrote them into, and scanned in place by the
/// table function <c>__weir_staged_rows(id)</c>: its output vectors reference the chunks' own vectors, so the rows are
/// written once, by the reader, and never appended into a table (DuckDB's table append cost about as much as the
/// Parquet write of the same rows). Every query of the load (its profile, the schema plan, the merge and the write) may
/// scan them again, with all of DuckDB's threads.
/// </summary>
/// <remarks>
/// The chunks are held outside DuckDB's buffer manager, so they are bounded: past <see cref="Budget"/> bytes the reader
/// appends the rest to a staging table, which DuckDB spills to disk under its memory limit. Only the connection that
/// staged the rows can scan them, and only until this object is disposed (after the load has dropped its view).
/// </remarks>
internal sealed unsafe partial class StagedChunks : IDisposable
{
    /// <summary>The table function's name; its one argument is <see cref="Id"/>.</summary>
    internal const string FunctionName = "__weir_staged_rows";

    /// <summary>The default bound on the bytes kept in memory per load (values, and the text of strings over 12 bytes).</summary>
    internal const long DefaultBudget = 256L * 1024 * 1024;

    /// <summary>The bound on the bytes all loads of the process keep at once (loads run in parallel).</summary>
    internal const long ProcessBudget = 512L * 1024 * 1024;

    private const string Library = "duckdb";

    private static readonly ConcurrentDictionary<long, StagedChunks> s_live = new();
    private static readonly ConditionalWeakTable<DuckDBConnection, object> s_registered = [];

    private readonly List<DuckDBDataChunk> _chunks = [];
    private readonly byte[][] _names;
    private readonly ulong _connectionId;
    private readonly StagedMemory _memory;
    private DuckDBLogicalType[] _types = [];
    private long _bytes;
    private bool _disposed;

    private StagedChunks(long id, byte[][] names, ulong connectionId, long budget, StagedMemory memory)
    {
        Id = id;
        _names = names;
        _connectionId = connectionId;
        Budget = budget;
        _memory = memory;
    }

    /// <summary>The number the table function finds these rows by (random, so it cannot be guessed).</summary>
    public long Id { get; }

    /// <summary>The bytes of values this keeps in memory before the rest goes to the staging table.</summary>
    public long Budget { get; }

    /// <summary>The rows kept in chunks.</summary>
    public long Rows { get; private set; }

    /// <summary>The SELECT that scans the kept rows.</summary>
    public string Sql => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT * FROM {FunctionName}({Id})");

    /// <summary>
    /// Starts keeping rows with columns <paramref name="names"/> for <paramref name="connection"/> (the table function is
    /// registered on its database the first time), up to <paramref name="budget"/> bytes, and while the loads of the
    /// process hold less than <paramref name="memory"/>'s capacity (<see cref="StagedMemory.Shared"/> by default).
    /// </summary>
    /// <exception cref="InvalidOperationException">DuckDB refused to register the table function.</exception>
    public static StagedChunks Create(DuckDBConnection connection, IReadOnlyList<string> names, long budget = DefaultBudget, StagedMemory? memory = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(names);
        Register(connection);
        nint context;
        duckdb_connection_get_client_context(connection.NativeConnection.DangerousGetHandle(), &context);
        ulong connectionId;
        try
        {
            connectionId = duckdb_client_context_get_connection_id(context);
        }
        finally
        {
            duckdb_destroy_client_context(&context);
        }

        var encoded = names.Select(n => Encoding.UTF8.GetBytes(n + "\0")).ToArray();
        while (true)
        {
            var id = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long))) & long.MaxValue;
            var staged = new StagedChunks(id, encoded, connectionId, budget, memory ?? StagedMemory.Shared);
            if (s_live.TryAdd(id, staged))
            {
                return staged;
            }
        }
    }

    /// <summary>Takes the column types of the chunks to come (the staging table's), owning them.</summary>
    internal void Describe(DuckDBLogicalType[] types)
    {
        if (types.Length != _names.Length)
        {
            throw new InvalidOperationException($"{types.Length} column types for {_names.Length} columns");
        }

        _types = types;
    }

    /// <summary>
    /// Keeps <paramref name="chunk"/> (its size set) when its <paramref name="bytes"/> fit the budget; this then owns it.
    /// </summary>
    internal bool TryKeep(DuckDBDataChunk chunk, long bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_bytes + bytes > Budget || !_memory.TryTake(bytes))
        {
            return false;
        }

        _bytes += bytes;
        Rows += (long)duckdb_data_chunk_get_size(chunk.DangerousGetHandle());
        _chunks.Add(chunk);
        return true;
    }

    /// <summary>Frees the chunks; the table function no longer finds them.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        s_live.TryRemove(Id, out _);
        foreach (var chunk in _chunks)
        {
            chunk.Dispose();
        }

        _chunks.Clear();
        _memory.Return(_bytes);
        _bytes = 0;
        foreach (var type in _types)
        {
            type.Dispose();
        }
    }

    private static void Register(DuckDBConnection connection)
    {
        lock (s_registered)
        {
            if (s_registered.TryGetValue(connection, out _))
            {
                return;
            }

            // Registering again on the same database replaces the function with itself: each connection registers once.
            var function = duckdb_create_table_function();
            var bigint = NativeMethods.LogicalType.DuckDBCreateLogicalType(DuckDBType.BigInt);
            try
            {
                fixed (byte* name = Encoding.UTF8.GetBytes(FunctionName + "\0"))
                {
                    duckdb_table_function_set_name(function, name);
                }

                duckdb_table_function_add_parameter(function, bigint.DangerousGetHandle());
                duckdb_table_function_set_bind(function, &Bind);
                duckdb_table_function_set_init(function, &Init);
                duckdb_table_function_set_function(function, &Scan);
                duckdb_table_function_supports_projection_pushdown(function, 1);
                if (duckdb_register_table_function(connection.NativeConnection.DangerousGetHandle(), function) != 0)
                {
                    throw new InvalidOperationException($"DuckDB refused to register the table function {FunctionName}");
                }
            }
            finally
            {
                bigint.Dispose();
                duckdb_destroy_table_function(&function);
            }

            s_registered.Add(connection, new object());
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Bind(nint info)
    {
        try
        {
            var value = duckdb_bind_get_parameter(info, 0);
            var id = duckdb_get_int64(value);
            duckdb_destroy_value(&value);
            nint context;
            duckdb_table_function_get_client_context(info, &context);
            var connectionId = duckdb_client_context_get_connection_id(context);
            duckdb_destroy_client_context(&context);
            // Deny by default: rows staged by one connection are not readable from another (another tenant's query).
            if (!s_live.TryGetValue(id, out var staged) || staged._disposed || staged._connectionId != connectionId)
            {
                SetError(info, ErrorKind.Bind, $"{FunctionName}: no staged rows {id} on this connection");
                return;
            }

            for (var i = 0; i < staged._names.Length; i++)
            {
                fixed (byte* name = staged._names[i])
                {
                    duckdb_bind_add_result_column(info, name, staged._types[i].DangerousGetHandle());
                }
            }

            duckdb_bind_set_cardinality(info, (ulong)staged.Rows, 1);
            duckdb_bind_set_bind_data(info, (void*)id, null);
        }
        catch (Exception ex)
        {
            SetError(info, ErrorKind.Bind, $"{FunctionName}: {ex.Message}");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Init(nint info)
    {
        try
        {
            var id = (long)duckdb_init_get_bind_data(info);
            if (!s_live.TryGetValue(id, out var staged) || staged._disposed)
            {
                SetError(info, ErrorKind.Init, $"{FunctionName}: the staged rows {id} are gone");
                return;
            }

            var projection = new int[(int)duckdb_init_get_column_count(info)];
            for (var i = 0; i < projection.Length; i++)
            {
                var column = duckdb_init_get_column_index(info, (ulong)i);
                // A query that needs no column (count(*)) may ask for the row id: any column's vector serves its row count.
                projection[i] = column < (ulong)staged._names.Length ? (int)column : -1;
            }

            var handle = GCHandle.Alloc(new ScanState(staged, projection));
            duckdb_init_set_init_data(info, (void*)GCHandle.ToIntPtr(handle), &FreeHandle);
            duckdb_init_set_max_threads(info, (ulong)Math.Max(1, staged._chunks.Count));
        }
        catch (Exception ex)
        {
            SetError(info, ErrorKind.Init, $"{FunctionName}: {ex.Message}");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Scan(nint info, nint output)
    {
        try
        {
            var state = (ScanState)GCHandle.FromIntPtr((nint)duckdb_function_get_init_data(info)).Target!;
            var chunks = state.Staged._chunks;
            var index = Interlocked.Increment(ref state.Next) - 1;
            if (index >= chunks.Count)
            {
                duckdb_data_chunk_set_size(output, 0);
                return;
            }

            var chunk = chunks[index].DangerousGetHandle();
            for (var i = 0; i < state.Projection.Length; i++)
            {
                var column = state.Projection[i];
                if (column >= 0)
                {
                    duckdb_vector_reference_vector(duckdb_data_chunk_get_vector(output, (ulong)i), duckdb_data_chunk_get_vector(chunk, (ulong)column));
                }
            }

            duckdb_data_chunk_set_size(output, duckdb_data_chunk_get_size(chunk));
        }
        catch (Exception ex)
        {
            SetError(info, ErrorKind.Scan, $"{FunctionName}: {ex.Message}");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeHandle(void* handle) => GCHandle.FromIntPtr((nint)handle).Free();

    private static void SetError(nint info, ErrorKind kind, string message)
    {
        fixed (byte* text = Encoding.UTF8.GetBytes(message + "\0"))
        {
            switch (kind)
            {
                case ErrorKind.Bind:
                    duckdb_bind_set_error(info, text);
                    break;
                case ErrorKind.Init:
                    duckdb_init_set_error(info, text);
                    break;
                default:
                    duckdb_function_set_error(info, text);
                    break;
            }
        }
    }

    private enum ErrorKind
    {
        Bind,
        Init,
        Scan,
    }

    /// <summary>One scan's state: the next chunk to hand out (threads take chunks in turn) and the projected columns.</summary>
    private sealed class ScanState(StagedChunks staged, int[] projection)
    {
        public readonly StagedChunks Staged = staged;
        public readonly int[] Projection = projection;
        public int Next;
    }

    // DuckDB's C API for table functions and client contexts (DuckDB.NET does not expose reference_vector or the contexts).
    [LibraryImport(Library)] private static partial nint duckdb_create_table_function();
    [LibraryImport(Library)] private static partial void duckdb_destroy_table_function(nint* function);
    [LibraryImport(Library)] private static partial void duckdb_table_function_set_name(nint function, byte* name);
    [LibraryImport(Library)] private static partial void duckdb_table_function_add_parameter(nint function, nint type);
    [LibraryImport(Library)] private static partial void duckdb_table_function_set_bind(nint function, delegate* unmanaged[Cdecl]<nint, void> bind);
    [LibraryImport(Library)] private static partial void duckdb_table_function_set_init(nint function, delegate* unmanaged[Cdecl]<nint, void> init);
    [LibraryImport(Library)] private static partial void duckdb_table_function_set_function(nint function, delegate* unmanaged[Cdecl]<nint, nint, void> scan);
    [LibraryImport(Library)] private static partial void duckdb_table_function_supports_projection_pushdown(nint function, byte pushdown);
    [LibraryImport(Library)] private static partial int duckdb_register_table_function(nint connection, nint function);
    [LibraryImport(Library)] private static partial void duckdb_table_function_get_client_context(nint info, nint* context);
    [LibraryImport(Library)] private static partial void duckdb_connection_get_client_context(nint connection, nint* context);
    [LibraryImport(Library)] private static partial ulong duckdb_client_context_get_connection_id(nint context);
    [LibraryImport(Library)] private static partial void duckdb_destroy_client_context(nint* context);
    [LibraryImport(Library)] private static partial nint duckdb_bind_get_parameter(nint info, ulong index);
    [LibraryImport(Library)] private static partial long duckdb_get_int64(nint value);
    [LibraryImport(Library)] private static partial void duckdb_destroy_value(nint* value);
    [LibraryImport(Library)] private static partial void duckdb_bind_add_result_column(nint info, byte* name, nint type);
    [LibraryImport(Library)] private static partial void duckdb_bind_set_cardinality(nint info, ulong cardinality, byte exact);
    [LibraryImport(Library)] private static partial void duckdb_bind_set_bind_data(nint info, void* data, delegate* unmanaged[Cdecl]<void*, void> destroy);
    [LibraryImport(Library)] private static partial void duckdb_bind_set_error(nint info, byte* error);
    [LibraryImport(Library)] private static partial void* duckdb_init_get_bind_data(nint info);
    [LibraryImport(Library)] private static partial void duckdb_init_set_init_data(nint info, void* data, delegate* unmanaged[Cdecl]<void*, void> destroy);
    [LibraryImport(Library)] private static partial ulong duckdb_init_get_column_count(nint info);
    [LibraryImport(Library)] private static partial ulong duckdb_init_get_column_index(nint info, ulong index);
    [LibraryImport(Library)] private static partial void duckdb_init_set_max_threads(nint info, ulong threads);
    [LibraryImport(Library)] private static partial void duckdb_init_set_error(nint info, byte* error);
    [LibraryImport(Library)] private static partial void* duckdb_function_get_init_data(nint info);
    [LibraryImport(Library)] private static partial void duckdb_function_set_error(nint info, byte* error);
    [LibraryImport(Library)] private static partial nint duckdb_data_chunk_get_vector(nint chunk, ulong index);
    [LibraryImport(Library)] private static partial ulong duckdb_data_chunk_get_size(nint chunk);
    [LibraryImport(Library)] private static partial void duckdb_data_chunk_set_size(nint chunk, ulong size);
    [LibraryImport(Library)] private static partial void duckdb_vector_reference_vector(nint to, nint from);
}
