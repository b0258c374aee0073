namespace Weir.Quality.Compilation;

/// <summary>What a compiled check is judged on.</summary>
/// <param name="Values">The values of the check's own expressions (or of its own query's first row), in order.</param>
/// <param name="RowsChecked">Rows after the check's <c>where</c>, when the plan computed them.</param>
/// <param name="Now">The time of the run, for <c>freshness</c>.</param>
internal readonly record struct CheckInput(IReadOnlyList<object?> Values, long? RowsChecked, DateTimeOffset Now);
