using System.Globalization;

namespace Weir.Benchmarks;

/// <summary>Prints each figure beside its baseline from the same run, as a GitHub-markdown table row.</summary>
internal static class Report
{
    public static void Header()
    {
        Console.WriteLine("| benchmark | Weir | baseline (same run) | ratio | target | met |");
        Console.WriteLine("|---|---|---|---|---|---|");
    }

    public static void Row(string name, string weir, string baseline, double ratio, string target, bool met) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {weir} | {baseline} | {ratio:0.00}× | {target} | {(met ? "yes" : "NO")} |"));

    public static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.0} ms");
}
