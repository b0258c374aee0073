namespace Weir.Orchestration.Fakes;

internal sealed class TestWeirException(string message, bool transient) : WeirException(message)
{
    public override bool IsTransient => transient;
}
