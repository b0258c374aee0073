namespace Weir.DuckDb.Tests.Ingest;

/// <summary>The system clock, except that every timer fires at once; the delays asked for are recorded.</summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _delays = [];

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_lock)
            {
                return [.. _delays];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            _delays.Add(dueTime);
        }

        return System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
