using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    private static readonly string[] s_modelKeys =
        [
            "name", "materialized", "unique_key", "cursor", "on_schema_change", "zone", "partition_by",
            "description", "owner", "tags", "columns", "checks", "retries", "timeout", "profile",
        ];

    private static readonly Dictionary<string, SchemaChangePolicy> s_schemaChangePolicies = new(StringComparer.Ordinal)
    {
        ["evolve"] = SchemaChangePolicy.Evolve,
        ["overwrite"] = SchemaChangePolicy.Overwrite,
        ["fail"] = SchemaChangePolicy.Fail,
    };

    private static readonly Dictionary<string, Materialization> s_materializations = new(StringComparer.Ordinal)
    {
        ["table"] = Materialization.Table,
        ["view"] = Materialization.View,
        ["incremental"] = Materialization.Incremental,
    };

    /// <summary>
    /// Reads <c>models/**/*.sql</c> (one model per file, named after it) and the <c>models:</c> entries of
    /// <c>models/**/*.yaml</c> that configure them.
    /// </summary>
    private static List<ModelSpec> LoadModels(LoadContext context)
    {
        var sqlFiles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<string>();
        foreach (var path in context.Files("models", recursive: true, ".sql"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (sqlFiles.TryAdd(name, path))
            {
                ordered.Add(name);
            }
            else
            {
                context.Diagnostics.Error(DiagnosticCodes.DuplicateName, new SourceLocation(context.Relative(path), 1),
                    $"model '{name}' is defined twice: {context.Relative(sqlFiles[name])} and {context.Relative(path)}",
                    "a model's name is its file name, ignoring case and folder; rename one of the files");
            }
        }

        var entries = ReadModelEntries(context, sqlFiles);
        var models = new List<ModelSpec>(ordered.Count);
        foreach (var name in ordered)
        {
            var path = sqlFiles[name];
            if (context.ReadText(path) is not { } sql)
            {
                continue;
            }

            var relative = context.Relative(path);
            var entry = entries.GetValueOrDefault(name);
            models.Add(new ModelSpec
            {
                Name = name,
                Sql = sql,
                SqlFile = relative,
                Location = new SourceLocation(relative, 1),
                Description = entry?.Description,
                Owner = entry?.Owner,
                Tags = entry?.Tags ?? [],
                Columns = entry?.Columns ?? [],
                Checks = entry?.Checks ?? [],
                Retries = entry?.Retries,
                Timeout = entry?.Timeout,
                Materialized = entry?.Materialized ?? Materialization.Table,
                UniqueKey = entry?.UniqueKey ?? [],
                Cursor = entry?.Cursor,
                OnSchemaChange = entry?.OnSchemaChange ?? SchemaChangePolicy.Evolve,
                PartitionBy = entry?.PartitionBy ?? [],
                Zone = entry?.Zone ?? DefaultModelZone(relative),
                Profile = entry?.Profile,
            });
        }

        return models;
    }

    private static Dictionary<string, AssetEntry> ReadModelEntries(LoadContext context, Dictionary<string, string> sqlFiles)
    {
        var entries = new Dictionary<string, AssetEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in context.Files("models", recursive: true, s_yamlExtensions))
        {
            var file = context.OpenYaml(path);
            foreach (var map in Entries(file, "models", "model", s_modelKeys))
            {
                if (ReadModelEntry(map) is not { } entry)
                {
                    continue;
                }

                if (entries.TryGetValue(entry.Name, out var first))
                {
                    context.Diagnostics.Error(DiagnosticCodes.DuplicateName, entry.Location,
                        $"model '{entry.Name}' is configured twice (first at {first.Location})", "merge the two entries");
                }
                else if (!sqlFiles.ContainsKey(entry.Name))
                {
                    context.Diagnostics.Error(DiagnosticCodes.ModelWithoutSql, entry.Location, $"model '{entry.Name}' has no SQL file",
                        NameSuggestions.DidYouMean(entry.Name, sqlFiles.Keys) ?? $"create models/{entry.Name}.sql holding its SELECT");
                }
                else
                {
                    entries.Add(entry.Name, entry);
                }
            }
        }

        return entries;
    }

    private static AssetEntry? ReadModelEntry(YamlMap map)
    {
        var entry = ReadEntry(map, "model");
        var materialized = map.Choice("materialized", s_materializations);
        var uniqueKey = map.StringList("unique_key");
        var cursor = map.String("cursor");
        var invalid = materialized is null && map.Has("materialized");
        if (materialized != Materialization.Incremental && !invalid)
        {
            foreach (var key in new[] { "unique_key", "cursor" }.Where(map.Has))
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' applies only to incremental models",
                    $"set 'materialized: incremental', or remove '{key}'");
            }
        }

        var onSchemaChange = map.Choice("on_schema_change", s_schemaChangePolicies);
        if (materialized == Materialization.View && !invalid)
        {
            foreach (var key in new[] { "partition_by", "on_schema_change" }.Where(map.Has))
            {
                map.File.Error(DiagnosticCodes.InvalidValue, map.KeyNode(key), $"'{key}' does not apply to views: nothing is stored",
                    $"set 'materialized: table' or 'incremental', or remove '{key}'");
            }
        }

        if (materialized == Materialization.View && entry?.Profile == true)
        {
            map.File.Warning(DiagnosticCodes.InvalidValue, map.KeyNode("profile"),
                "runs do not profile views: 'profile: true' has no effect",
                "profiling a view runs its query again; set 'materialized: table', or profile it on demand with `weir profile NAME`");
        }

        return entry is null ? null : entry with
        {
            Materialized = materialized ?? Materialization.Table,
            UniqueKey = uniqueKey,
            Cursor = cursor,
            OnSchemaChange = onSchemaChange ?? SchemaChangePolicy.Evolve,
        };
    }

    /// <summary>Models under a <c>staging</c> folder are in the staging zone; every other model is curated.</summary>
    private static LakeZone DefaultModelZone(string relativeSqlFile) =>
        relativeSqlFile.Split('/').SkipLast(1).Contains("staging", StringComparer.OrdinalIgnoreCase) ? LakeZone.Staging : LakeZone.Curated;
}
