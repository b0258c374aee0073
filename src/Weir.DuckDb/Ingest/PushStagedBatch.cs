namespace Weir.DuckDb.Ingest;

/// <summary>
/// A pushed body split into two NDJSON files in the staging folder: the rows that are JSON objects (each with its
/// position in <see cref="PushBatchStager.LineColumn"/>) and the rows that are not (line, raw text, reason).
/// Disposing deletes both.
/// </summary>
internal sealed class PushStagedBatch : IDisposable
{
    public PushStagedBatch(string rowsPath, string badPath)
    {
        RowsPath = rowsPath;
        BadPath = badPath;
    }

    public string RowsPath { get; }

    public string BadPath { get; }

    /// <summary>Rows that are JSON objects.</summary>
    public long Rows { get; set; }

    /// <summary>Rows that are not JSON objects (malformed lines, array elements of another type).</summary>
    public long Bad { get; set; }

    /// <summary>Rows that parsed as JSON at all, objects or not.</summary>
    public long Json { get; set; }

    public long Read => Rows + Bad;

    /// <summary>Bytes of the body.</summary>
    public long Bytes { get; set; }

    /// <summary>The SHA-256 of the body as sent, in lowercase hex: tells a resend from another batch under the same key.</summary>
    public string Sha256 { get; set; } = string.Empty;

    public void Dispose()
    {
        foreach (var path in new[] { RowsPath, BadPath })
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // A scratch file the next server start removes with the staging folder.
            }
        }
    }
}
