namespace Weir.DuckDb.Lake;

/// <summary>A time-travel reference (<c>AT (VERSION =&gt; n)</c>) that cannot be served.</summary>
public sealed class TimeTravelException : WeirException
{
    internal TimeTravelException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
