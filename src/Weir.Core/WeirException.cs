namespace Weir;

/// <summary>
/// The root of Weir's exceptions: a fault while doing what a project asks (building an asset, reading a store).
/// A user's mistake in the project itself is a <see cref="Diagnostics.Diagnostic"/>, not an exception.
/// </summary>
public abstract class WeirException : Exception
{
    /// <summary>Creates an exception with a message for people.</summary>
    protected WeirException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Whether trying again may succeed (a lock, a lost connection, a write conflict). Retry policies retry only
    /// transient failures; a SQL error in a model would fail again the same way.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public virtual bool IsTransient => false;
}
