using System.Diagnostics;
using System.Globalization;
using System.Text;
using Weir.Diagnostics;
using Weir.DuckDb;
using Weir.Graph;
using Weir.Planning;
using Weir.Project;

namespace Weir.Benchmarks;

/// <summary>
/// Load + validate (parse every SQL, resolve, check for cycles) + plan of a generated project of 10,000 SQL models
/// on a random DAG with fan-in ≤ 5. Target: under 2 s. Baseline in the same run: DuckDB parsing the same 10,000
/// texts alone (json_serialize_sql), the floor of any parser-based approach.
/// </summary>
internal static class ParseBenchmark
{
    public static async Task RunAsync(int models = 10_000, int seed = 7)
    {
        var root = Path.Combine(Path.GetTempPath(), "weir-bench", "parse-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var texts = Generate(root, models, seed);
            await using var engine = await DuckDbEngine.OpenAsync(new DuckDbEngineOptions());
            AssetGraph? graph = null;
            var weir = await Measure.MedianAsync(3, async () =>
            {
                var diagnostics = new DiagnosticBag();
                var project = new ProjectLoader().Load(root, diagnostics) ?? throw new InvalidOperationException("load failed");
                graph = await new GraphBuilder(engine).BuildAsync(project, diagnostics);
                if (graph is null || diagnostics.HasErrors)
                {
                    throw new InvalidOperationException("validate failed: " + diagnostics.Items.FirstOrDefault());
                }

                _ = Planner.Create(graph);
            });
            var parseOnly = await Measure.MedianAsync(3, async () => await engine.AnalyzeAsync(texts));
            Report.Row(
                string.Create(CultureInfo.InvariantCulture, $"load + validate + plan, {models:N0} models ({graph!.Nodes.Values.Sum(n => n.Upstream.Count):N0} edges)"),
                Report.Ms(weir), Report.Ms(parseOnly) + " (DuckDB parse alone)", weir / parseOnly, "< 2 s", weir < TimeSpan.FromSeconds(2));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static List<string> Generate(string root, int models, int seed)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(root, "models"));
        Directory.CreateDirectory(Path.Combine(root, "sources"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        File.WriteAllText(Path.Combine(root, "weir.yaml"), "name: bench\n");
        File.WriteAllText(Path.Combine(root, "data", "events.csv"), "id,value\n1,2\n");
        var sources = new StringBuilder("sources:\n");
        for (var s = 0; s < 10; s++)
        {
            sources.Append(CultureInfo.InvariantCulture, $"  - name: src_{s}\n    kind: csv\n    path: data/events.csv\n");
        }

        File.WriteAllText(Path.Combine(root, "sources", "sources.yaml"), sources.ToString());
        var texts = new List<string>(models);
        var config = new StringBuilder("models:\n");
        for (var i = 0; i < models; i++)
        {
            var fanIn = i == 0 ? 0 : random.Next(1, 6);
            var reads = Enumerable.Range(0, fanIn).Select(_ => $"m{random.Next(0, i):00000}").Distinct().ToList();
            if (reads.Count == 0)
            {
                reads.Add($"src_{random.Next(10)}");
            }

            var sql = new StringBuilder();
            sql.Append("with base as (\n    select id, value from ").Append(reads[0]).Append(" where value is not null\n)\n");
            sql.Append("select b.id, b.value");
            for (var r = 1; r < reads.Count; r++)
            {
                sql.Append(CultureInfo.InvariantCulture, $", t{r}.value as value_{r}");
            }

            sql.Append("\nfrom base as b");
            for (var r = 1; r < reads.Count; r++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"\nleft join {reads[r]} as t{r} on t{r}.id = b.id");
            }

            sql.Append('\n');
            var name = $"m{i:00000}";
            var text = sql.ToString();
            texts.Add(text);
            File.WriteAllText(Path.Combine(root, "models", name + ".sql"), text);
            if (i % 10 == 0)
            {
                config.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    materialized: view\n    tags: [t{i % 7}]\n    columns:\n      - name: id\n        checks: [not_null]\n");
            }
        }

        File.WriteAllText(Path.Combine(root, "models", "models.yaml"), config.ToString());
        return texts;
    }
}
