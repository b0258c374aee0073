using Weir.Benchmarks;

// Macro benchmarks: each Weir figure beside a baseline measured in the same run. Never run in CI.
// Usage: dotnet run -c Release --project bench/Weir.Benchmarks -- [all|parse|executor|model|quality|lake|postgres|postgres-parallel|profile [WAREHOUSE ASSET...]]
var which = args.Length > 0 ? args[0] : "all";
Console.WriteLine($"Weir macro benchmarks ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
Console.WriteLine();
Report.Header();
if (which is "all" or "parse")
{
    await ParseBenchmark.RunAsync();
}

if (which is "all" or "executor")
{
    await ExecutorBenchmark.RunAsync();
}

if (which is "all" or "model")
{
    await ModelBenchmark.RunAsync();
}

if (which is "all" or "quality")
{
    await QualityBenchmark.RunAsync();
}

if (which is "all" or "lake")
{
    await LakeIngestBenchmark.RunAsync();
    await LakeTimeTravelBenchmark.RunAsync();
}

if (which is "all" or "postgres")
{
    await PostgresIngestBenchmark.RunAsync();
}

if (which is "all" or "postgres-parallel")
{
    await PostgresParallelBenchmark.RunAsync();
}

if (which is "all" or "profile")
{
    // profile [WAREHOUSE ASSET...]: a project's warehouse file (e.g. the demo's .weir/warehouse.duckdb) and its assets.
    await ProfileBenchmark.RunAsync(args.Length > 1 ? args[1] : null, args.Length > 2 ? args[2..] : null);
}
