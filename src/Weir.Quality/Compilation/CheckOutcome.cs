using Weir.Checks;

namespace Weir.Quality.Compilation;

/// <summary>What one check's count means: its status, failing rows and message.</summary>
internal readonly record struct CheckOutcome(CheckStatus Status, long FailingRows, string? Message);
