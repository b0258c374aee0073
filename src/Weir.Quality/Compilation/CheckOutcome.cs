using Weir.Checks;

namespace Weir.Quality.Compilation;

/// <summary>What one check's query result means: its status, failing rows, message and the rows it looked at.</summary>
internal readonly record struct CheckOutcome(CheckStatus Status, long FailingRows, string? Message, long? RowsChecked = null);
