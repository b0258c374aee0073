namespace Weir.Lake;

/// <summary>
/// A table's log cannot give what was asked: the table does not exist, a version does not exist or its log entries
/// were removed, or a log file is corrupt. The message names the table and, where it helps, the versions that exist.
/// </summary>
public sealed class DeltaLogException : WeirException
{
    internal DeltaLogException(string table, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Table = table;
    }

    /// <summary>The table's location.</summary>
    public string Table { get; }
}
