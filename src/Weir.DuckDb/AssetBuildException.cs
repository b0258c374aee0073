namespace Weir.DuckDb;

/// <summary>
/// Building an asset failed. The message is for people: it names the asset and its file, then says what went wrong
/// (DuckDB's own message for SQL errors); <see cref="Exception.InnerException"/> keeps the engine's exception, if any.
/// </summary>
public sealed class AssetBuildException : Exception
{
    internal AssetBuildException(string assetName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        AssetName = assetName;
    }

    /// <summary>The asset that failed to build.</summary>
    public string AssetName { get; }
}
