namespace Weir.DuckDb.Lake;

/// <summary>A write to the lake was refused or failed: a forbidden schema change, a duplicated merge key, bad data.</summary>
public sealed class LakeWriteException : WeirException
{
    internal LakeWriteException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
