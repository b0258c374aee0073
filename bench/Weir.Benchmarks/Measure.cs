using System.Diagnostics;

namespace Weir.Benchmarks;

/// <summary>Wall-clock measurement for macro benchmarks: warm-up once, then the median of N runs.</summary>
internal static class Measure
{
    public static async Task<TimeSpan> MedianAsync(int runs, Func<Task> body)
    {
        await body();
        var times = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await body();
            times.Add(clock.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Runs two bodies alternately (A, B, A, B, …) so drift on a shared machine hits both alike; medians of each.</summary>
    public static async Task<(TimeSpan A, TimeSpan B)> PairedMedianAsync(int runs, Func<Task> a, Func<Task> b)
    {
        await a();
        await b();
        var ta = new List<TimeSpan>(runs);
        var tb = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await a();
            ta.Add(clock.Elapsed);
            clock.Restart();
            await b();
            tb.Add(clock.Elapsed);
        }

        ta.Sort();
        tb.Sort();
        return (ta[runs / 2], tb[runs / 2]);
    }
}
