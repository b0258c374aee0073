using System.CommandLine;
using Spectre.Console;

namespace Weir.Cli.Commands;

/// <summary><c>weir init [DIR]</c>: scaffold a small, runnable project.</summary>
internal static class InitCommand
{
    internal static readonly IReadOnlyList<(string Path, string Text)> Files =
    [
        ("weir.yaml", """
            name: {name}
            # engine: duckdb          # the embedded default
            # external: [main.some_table]   # tables your SQL may read that Weir does not manage
            run:
              threads: 4
              retries: 0
              timeout: 1h
            """),
        (".gitignore", ".weir/\nlake/\n"),
        ("data/trips.csv", """
            trip_id,city,started_at,distance_km,fare
            1,Lisbon,2026-03-01 08:15:00,3.2,7.40
            2,Lisbon,2026-03-01 09:02:00,12.8,21.10
            3,Porto,2026-03-01 09:30:00,5.1,9.90
            4,Porto,2026-03-02 18:45:00,2.4,6.10
            5,Lisbon,2026-03-02 19:10:00,7.7,14.30
            """),
        ("sources/trips.yaml", """
            sources:
              - name: raw_trips
                kind: csv                 # csv | json | ndjson | parquet
                path: data/*.csv
                columns:
                  - name: trip_id
                    checks: [not_null, unique]
                  - name: fare
                    type: DECIMAL(10,2)
            """),
        ("models/city_daily.sql", """
            select city, cast(started_at as date) as day, count(*) as trips, sum(fare) as revenue
            from raw_trips
            group by all
            """),
        ("models/models.yaml", """
            models:
              - name: city_daily
                materialized: table       # table | view | incremental
                description: Trips and revenue per city and day.
                checks:
                  - row_count: { min: 1 }
                columns:
                  - name: city
                    checks: [not_null]
            """),
    ];

    public static Command Create(CliConsole console)
    {
        var directory = new Argument<string>("dir") { Description = "Where to create the project (default: the current folder).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("init", "Create a new Weir project.");
        command.Arguments.Add(directory);
        command.SetAction(parse =>
        {
            var root = Path.GetFullPath(parse.GetValue(directory) ?? parse.GetValue(CliOptions.Project) ?? ".");
            if (File.Exists(Path.Combine(root, "weir.yaml")))
            {
                throw new CliException($"{root} already holds a Weir project (weir.yaml exists)");
            }

            var name = new string(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)).Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
            foreach (var (path, text) in Files)
            {
                var full = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text.Replace("{name}", name.Length == 0 ? "my_project" : name, StringComparison.Ordinal) + "\n");
            }

            Directory.CreateDirectory(Path.Combine(root, "seeds"));
            console.HumanOut.MarkupLine($"[green]✓[/] created a Weir project in [bold]{Markup.Escape(root)}[/]");
            console.HumanOut.MarkupLine($"  next: [bold]cd {Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, root))} && weir run[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
