using Weir.Checks;
using Weir.Diagnostics;
using Weir.Engine;
using Weir.Project;

namespace Weir.Graph;

/// <summary>
/// Compiles a project into its <see cref="AssetGraph"/>: parses each model's SQL with the engine's parser,
/// resolves the tables it reads to sources, seeds, models or declared externals, and rejects unknown names and cycles.
/// </summary>
/// <remarks>
/// A table reference without a catalog, and without a schema or with schema <c>main</c>, names an asset; any other
/// reference must be declared under <c>external:</c>. A <c>relationships</c> check makes the asset it points at
/// (<c>to:</c>) an upstream of the checked asset, since the check reads it.
/// </remarks>
public sealed class GraphBuilder
{
    private const string DefaultSchema = "main";

    private readonly ISqlEngine _engine;

    /// <summary>Creates a builder that parses SQL with <paramref name="engine"/>.</summary>
    public GraphBuilder(ISqlEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>
    /// Builds the graph, parsing every model's SQL in one call to <see cref="ISqlEngine.AnalyzeAsync"/>. Returns
    /// <see langword="null"/> when this step added errors to <paramref name="diagnostics"/> (all of them are reported).
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine returned a different number of analyses than texts.</exception>
    public async Task<AssetGraph?> BuildAsync(ProjectSpec project, DiagnosticBag diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var state = new BuildState(project, diagnostics);
        var models = state.Specs.OfType<ModelSpec>().ToList();
        IReadOnlyList<SqlAnalysis> analyses = models.Count == 0
            ? []
            : await _engine.AnalyzeAsync([.. models.Select(m => m.Sql)], cancellationToken).ConfigureAwait(false);
        if (analyses.Count != models.Count)
        {
            throw new InvalidOperationException(
                $"The engine '{_engine.Name}' returned {analyses.Count} analyses for {models.Count} SQL texts.");
        }

        for (var i = 0; i < models.Count; i++)
        {
            state.AddModelReads(models[i], analyses[i]);
        }

        foreach (var spec in state.Specs)
        {
            state.AddCheckReads(spec);
        }

        state.ReportCycles();
        return state.HasErrors ? null : state.ToGraph();
    }

    /// <summary>The assets by index, their edges, and the errors found so far, for one build.</summary>
    private sealed class BuildState
    {
        private readonly DiagnosticBag _diagnostics;
        private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _externals = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<List<int>> _downstream = [];
        private readonly List<List<int>> _upstream = [];
        private readonly List<List<string>> _externalReads = [];
        private readonly Dictionary<(int From, int To), SourceLocation> _edgeOrigins = [];

        public BuildState(ProjectSpec project, DiagnosticBag diagnostics)
        {
            _diagnostics = diagnostics;
            foreach (var spec in project.Assets)
            {
                if (_index.TryGetValue(spec.Name, out var first))
                {
                    Error(DiagnosticCodes.DuplicateName, spec.Location,
                        $"asset name '{spec.Name}' is used twice (first at {Specs[first].Location})",
                        "asset names are table names and must be unique, ignoring case; rename one");
                    continue;
                }

                _index.Add(spec.Name, Specs.Count);
                Specs.Add(spec);
                _downstream.Add([]);
                _upstream.Add([]);
                _externalReads.Add([]);
            }

            foreach (var external in project.External)
            {
                _externals.TryAdd(external, external);
                var dot = external.IndexOf('.', StringComparison.Ordinal);
                if (dot < 0)
                {
                    _externals.TryAdd($"{DefaultSchema}.{external}", external);
                }
                else if (external.LastIndexOf('.') == dot &&
                    external.AsSpan(0, dot).Equals(DefaultSchema, StringComparison.OrdinalIgnoreCase))
                {
                    _externals.TryAdd(external[(dot + 1)..], external);
                }
            }
        }

        /// <summary>The assets, unique by name, in project order.</summary>
        public List<AssetSpec> Specs { get; } = [];

        public bool HasErrors { get; private set; }

        public void AddModelReads(ModelSpec model, SqlAnalysis analysis)
        {
            if (!analysis.Success)
            {
                Error(DiagnosticCodes.SqlSyntax, TextPosition.ToLocation(model.SqlFile, model.Sql, analysis.ErrorOffset),
                    $"SQL syntax error: {analysis.Error ?? "the SQL does not parse"}",
                    "a model holds one SELECT in the engine's SQL dialect");
                return;
            }

            if (!analysis.IsSingleQuery)
            {
                Error(DiagnosticCodes.NotASelect, new SourceLocation(model.SqlFile, 1), "a model file holds exactly one SELECT",
                    "keep only the SELECT (a WITH … SELECT is fine); Weir creates the table or view from it");
                return;
            }

            var reader = _index[model.Name];
            foreach (var table in analysis.Tables)
            {
                var location = TextPosition.ToLocation(model.SqlFile, model.Sql, table.Offset);
                var local = table.Catalog is null &&
                    (table.Schema is null || string.Equals(table.Schema, DefaultSchema, StringComparison.OrdinalIgnoreCase));
                if (local && _index.TryGetValue(table.Name, out var asset))
                {
                    AddEdge(asset, reader, location);
                }
                else if (_externals.TryGetValue(table.QualifiedName, out var external) ||
                    (local && _externals.TryGetValue(table.Name, out external)))
                {
                    if (!_externalReads[reader].Contains(external, StringComparer.OrdinalIgnoreCase))
                    {
                        _externalReads[reader].Add(external);
                    }
                }
                else
                {
                    Error(DiagnosticCodes.UnknownTable, location, $"unknown table '{table.QualifiedName}'", UnknownTableHint(table, local));
                }
            }
        }

        public void AddCheckReads(AssetSpec spec)
        {
            var reader = _index[spec.Name];
            foreach (var check in spec.AllChecks)
            {
                if (check.Type != CheckTypes.Relationships || !check.Arguments.TryGetValue("to", out var value) || value is not string to)
                {
                    continue;
                }

                if (_index.TryGetValue(to, out var target))
                {
                    // A foreign key into the asset itself (manager_id -> id) needs nothing built first.
                    if (target != reader)
                    {
                        AddEdge(target, reader, check.Location);
                    }
                }
                else
                {
                    Error(DiagnosticCodes.InvalidCheck, check.Location,
                        $"check '{check.DisplayName}' of '{spec.Name}' refers to '{to}', which is no asset of the project",
                        NameSuggestions.DidYouMean(to, _index.Keys) ?? "'to' names a source, seed or model");
                }
            }
        }

        public void ReportCycles()
        {
            foreach (var list in _downstream)
            {
                list.Sort((a, b) => Compare(Specs[a].Name, Specs[b].Name));
            }

            foreach (var component in CycleFinder.FindCyclicComponents(_downstream))
            {
                var members = component.ToHashSet();
                var start = component.MinBy(i => Specs[i].Name, Comparer<string>.Create(Compare));
                var cycle = CycleFinder.ShortestCycleThrough(start, _downstream, members);
                var path = string.Join(" -> ", cycle.Append(start).Select(i => Specs[i].Name));
                var others = component.Except(cycle).Select(i => Specs[i].Name).Order(Comparer<string>.Create(Compare)).ToList();
                var message = others.Count == 0 ? $"cycle: {path}" : $"cycle: {path} (also caught in it: {string.Join(", ", others)})";
                var location = _edgeOrigins.TryGetValue((cycle[^1], start), out var origin) ? origin : Specs[start].Location;
                Error(DiagnosticCodes.Cycle, location, message,
                    "an asset cannot read itself, directly or through others; remove one of these reads");
            }
        }

        public AssetGraph ToGraph() => new(Specs.Select((spec, i) => new AssetNode(
            spec,
            [.. _upstream[i].Select(u => Specs[u].Name).Order(StringComparer.OrdinalIgnoreCase)],
            [.. _externalReads[i].Order(StringComparer.OrdinalIgnoreCase)])));

        private void AddEdge(int from, int to, SourceLocation origin)
        {
            if (_edgeOrigins.TryAdd((from, to), origin))
            {
                _downstream[from].Add(to);
                _upstream[to].Add(from);
            }
        }

        private string UnknownTableHint(TableReference table, bool local)
        {
            if (!local && _index.TryGetValue(table.Name, out var asset))
            {
                return $"Weir's assets are in schema '{DefaultSchema}': write '{Specs[asset].Name}', " +
                    $"or declare '{table.QualifiedName}' under external: in weir.yaml";
            }

            return NameSuggestions.DidYouMean(table.Name, _index.Keys) ??
                $"declare it under external: in weir.yaml if Weir does not build it";
        }

        private void Error(string code, SourceLocation location, string message, string? hint)
        {
            HasErrors = true;
            _diagnostics.Error(code, location, message, hint);
        }

        private static int Compare(string a, string b)
        {
            var order = StringComparer.OrdinalIgnoreCase.Compare(a, b);
            return order != 0 ? order : StringComparer.Ordinal.Compare(a, b);
        }
    }
}
