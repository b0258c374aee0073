using Weir.Checks;
using Weir.Quality.Compilation;
using static Weir.Quality.Tests.TestChecks;

namespace Weir.Quality.Tests.Compilation;

public sealed class CompiledCheckTests
{
    [Fact]
    public void Evaluate_ZeroFailingRows_PassesWithoutMessage()
    {
        var outcome = NotNull().Evaluate(0);

        outcome.ShouldBe(new CheckOutcome(CheckStatus.Pass, 0, null));
    }

    [Fact]
    public void Evaluate_OneFailingRow_SaysRowInTheSingular()
    {
        var outcome = NotNull().Evaluate(1);

        outcome.ShouldBe(new CheckOutcome(CheckStatus.Fail, 1, "1 row with NULL in \"x\""));
    }

    [Fact]
    public void Evaluate_ManyFailingRows_SaysHowMany()
    {
        var outcome = NotNull().Evaluate(12345);

        outcome.ShouldBe(new CheckOutcome(CheckStatus.Fail, 12345, "12345 rows with NULL in \"x\""));
    }

    [Theory]
    [InlineData(0L, CheckStatus.Fail, 0L, "row count 0 is below min 1")]
    [InlineData(1L, CheckStatus.Pass, 0L, null)]
    [InlineData(10L, CheckStatus.Pass, 0L, null)]
    [InlineData(11L, CheckStatus.Fail, 11L, "row count 11 is above max 10")]
    public void Evaluate_RowCount_JudgesAgainstBounds(long count, CheckStatus status, long failingRows, string? message)
    {
        var outcome = RowCount(1, 10).Evaluate(count);

        outcome.ShouldBe(new CheckOutcome(status, failingRows, message));
    }

    [Fact]
    public void Evaluate_RowCountWithoutBounds_AlwaysPasses()
    {
        RowCount(null, null).Evaluate(0).Status.ShouldBe(CheckStatus.Pass);
        RowCount(null, null).Evaluate(long.MaxValue).Status.ShouldBe(CheckStatus.Pass);
    }

    private static CompiledCheck NotNull() => new()
    {
        Spec = Check("not_null", "x"),
        Kind = CheckQueryKind.Aggregate,
        FailureText = "with NULL in \"x\"",
    };

    private static CompiledCheck RowCount(long? min, long? max) => new()
    {
        Spec = Check("row_count"),
        Kind = CheckQueryKind.Aggregate,
        IsRowCount = true,
        Min = min,
        Max = max,
    };
}
