using Weir.Testing;
using System.Globalization;

namespace Weir.Lake.Tests.TestSupport;

/// <summary>One row of the conformance data's EXPECTED.tsv.</summary>
internal sealed record ExpectedTable(string Name, long? Version, long? Rows, string Note)
{
    public static IReadOnlyList<ExpectedTable> All { get; } = Load();

    public static ExpectedTable Get(string name) => All.Single(t => t.Name == name);

    private static List<ExpectedTable> Load()
    {
        var lines = File.ReadAllLines(Path.Combine(SharedData.DeltaRsTables, "EXPECTED.tsv"));
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split('\t');
            return new ExpectedTable(
                cells[0],
                cells.Length > 1 && cells[1].Length > 0 ? long.Parse(cells[1], CultureInfo.InvariantCulture) : null,
                cells.Length > 2 && cells[2].Length > 0 ? long.Parse(cells[2], CultureInfo.InvariantCulture) : null,
                cells.Length > 3 ? cells[3] : string.Empty);
        })];
    }
}
