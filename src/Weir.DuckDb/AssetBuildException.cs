using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Weir.DuckDb;

/// <summary>
/// Building an asset failed. The message is for people: it names the asset and its file, then says what went wrong
/// (DuckDB's own message for SQL errors); <see cref="Exception.InnerException"/> keeps the engine's exception, if any.
/// </summary>
public sealed class AssetBuildException : WeirException
{
    internal AssetBuildException(string assetName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        AssetName = assetName;
    }

    /// <summary>The asset that failed to build.</summary>
    public string AssetName { get; }

    /// <summary>
    /// True for failures that may pass on a retry: I/O, network, memory pressure, a write conflict, an interrupt.
    /// SQL errors (syntax, binding, conversion, constraints) are not: they fail the same way every time.
    /// </summary>
    public override bool IsTransient => InnerException switch
    {
        DuckDBException duck => duck.ErrorType is DuckDBErrorType.Io or DuckDBErrorType.Network or DuckDBErrorType.OutOfMemory
            or DuckDBErrorType.Transaction or DuckDBErrorType.Connection or DuckDBErrorType.Http or DuckDBErrorType.Interrupt,
        WeirException weir => weir.IsTransient,
        IOException => true,
        _ => false,
    };
}
