using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_seedKeys = ["name", "zone", "description", "owner", "tags", "columns", "checks", "profile"];

    /// <summary>Reads <c>seeds/*.csv</c>, documented and checked by optional <c>seeds:</c> entries in <c>seeds/*.yaml</c>.</summary>
    private static List<SeedSpec> LoadSeeds(LoadContext context)
    {
        var csvFiles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in context.Files("seeds", recursive: false, ".csv"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!csvFiles.TryAdd(name, path))
            {
                context.Diagnostics.Error(DiagnosticCodes.DuplicateName, new SourceLocation(context.Relative(path), 1),
                    $"seed '{name}' is defined twice: {context.Relative(csvFiles[name])} and {context.Relative(path)}",
                    "a seed's name is its file name, ignoring case; rename one of the files");
            }
        }

        var entries = new Dictionary<string, AssetEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in context.Files("seeds", recursive: false, s_yamlExtensions))
        {
            var file = context.OpenYaml(path);
            foreach (var map in Entries(file, "seeds", "seed", s_seedKeys))
            {
                if (ReadEntry(map, "seed") is not { } entry)
                {
                    continue;
                }

                if (entries.TryGetValue(entry.Name, out var first))
                {
                    context.Diagnostics.Error(DiagnosticCodes.DuplicateName, entry.Location,
                        $"seed '{entry.Name}' is configured twice (first at {first.Location})", "merge the two entries");
                }
                else if (!csvFiles.ContainsKey(entry.Name))
                {
                    context.Diagnostics.Error(DiagnosticCodes.ModelWithoutSql, entry.Location, $"seed '{entry.Name}' has no CSV file",
                        NameSuggestions.DidYouMean(entry.Name, csvFiles.Keys) ?? $"add seeds/{entry.Name}.csv");
                }
                else
                {
                    entries.Add(entry.Name, entry);
                }
            }
        }

        return [.. csvFiles.OrderBy(kv => context.Relative(kv.Value), StringComparer.Ordinal).Select(kv =>
        {
            var entry = entries.GetValueOrDefault(kv.Key);
            return new SeedSpec
            {
                Name = kv.Key,
                Path = kv.Value,
                Location = new SourceLocation(context.Relative(kv.Value), 1),
                Description = entry?.Description,
                Owner = entry?.Owner,
                Tags = entry?.Tags ?? [],
                Columns = entry?.Columns ?? [],
                Checks = entry?.Checks ?? [],
                Zone = entry?.Zone ?? LakeZone.Raw,
                Profile = entry?.Profile,
            };
        })];
    }
}
