using Weir.Engine;

namespace Weir.DuckDb;

public sealed partial class DuckDbEngine
{
    /// <inheritdoc />
    public Task<IReadOnlyList<SqlAnalysis>> AnalyzeAsync(IReadOnlyList<string> sqlTexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sqlTexts);
        throw new NotSupportedException("SQL analysis through json_serialize_sql is being written (issue 3).");
    }
}
