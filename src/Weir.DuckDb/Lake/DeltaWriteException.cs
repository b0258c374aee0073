namespace Weir.DuckDb.Lake;

/// <summary>A lake write that cannot be done as asked: a column the table lacks, a bad partition column, duplicate merge keys.</summary>
public sealed class DeltaWriteException : WeirException
{
    internal DeltaWriteException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
