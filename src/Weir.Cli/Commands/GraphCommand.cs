using System.CommandLine;
using System.Text;
using Spectre.Console;
using Weir.Cli.Rendering;
using Weir.Graph;
using Weir.Project;

namespace Weir.Cli.Commands;

/// <summary><c>weir graph</c>: the DAG built from the SQL lineage, as text, JSON, Mermaid or Graphviz dot.</summary>
internal static class GraphCommand
{
    internal enum GraphFormat
    {
        Text,
        Json,
        Mermaid,
        Dot,
    }

    public static Command Create(CliConsole console)
    {
        var format = new Option<GraphFormat>("--format", "-f")
        {
            Description = "text (default), json, mermaid or dot.",
            DefaultValueFactory = _ => GraphFormat.Text,
        };
        var select = CliOptions.Select();
        var command = new Command("graph", "Show the asset graph: which asset reads which.");
        command.Options.Add(format);
        command.Options.Add(select);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format);
            var workspace = await Workspace.OpenAsync(
                parse.GetValue(CliOptions.Project)!, console, fmt == GraphFormat.Text ? OutputFormat.Table : OutputFormat.Json, cancellationToken);
            var graph = Selection.Apply(workspace.Graph, parse.GetValue(select), console);
            switch (fmt)
            {
                case GraphFormat.Json:
                    WriteJson(console.Out, graph);
                    break;
                case GraphFormat.Mermaid:
                    console.Out.Write(ToMermaid(graph));
                    break;
                case GraphFormat.Dot:
                    console.Out.Write(ToDot(graph));
                    break;
                default:
                    WriteText(console.HumanOut, graph);
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static string ToMermaid(AssetGraph graph)
    {
        var text = new StringBuilder("graph LR\n");
        var ids = graph.TopologicalOrder.Select((name, i) => (name, id: $"n{i}")).ToDictionary(p => p.name, p => p.id, StringComparer.OrdinalIgnoreCase);
        foreach (var name in graph.TopologicalOrder)
        {
            var node = graph[name];
            var label = name.Replace("\"", "#quot;", StringComparison.Ordinal);
            text.Append("  ").Append(ids[name]).Append(node.Kind switch
            {
                AssetKind.Source => $"[(\"{label}\")]",
                AssetKind.Seed => $"[/\"{label}\"/]",
                _ => $"[\"{label}\"]",
            }).Append('\n');
        }

        foreach (var name in graph.TopologicalOrder)
        {
            foreach (var down in graph[name].Downstream)
            {
                text.Append("  ").Append(ids[name]).Append(" --> ").Append(ids[down]).Append('\n');
            }
        }

        return text.ToString();
    }

    internal static string ToDot(AssetGraph graph)
    {
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var text = new StringBuilder("digraph weir {\n  rankdir=LR;\n");
        foreach (var name in graph.TopologicalOrder)
        {
            var shape = graph[name].Kind switch
            {
                AssetKind.Source => "cylinder",
                AssetKind.Seed => "note",
                _ => "box",
            };
            text.Append("  ").Append(Quote(name)).Append(" [shape=").Append(shape).Append("];\n");
        }

        foreach (var name in graph.TopologicalOrder)
        {
            foreach (var down in graph[name].Downstream)
            {
                text.Append("  ").Append(Quote(name)).Append(" -> ").Append(Quote(down)).Append(";\n");
            }
        }

        return text.Append("}\n").ToString();
    }

    private static void WriteJson(TextWriter writer, AssetGraph graph) => JsonOutput.Write(writer, json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("nodes");
        foreach (var name in graph.TopologicalOrder)
        {
            var node = graph[name];
            json.WriteStartObject();
            json.WriteString("name", node.Name);
            json.WriteString("kind", node.Kind.ToString().ToLowerInvariant());
            if (node.Spec is ModelSpec model)
            {
                json.WriteString("materialized", model.Materialized.ToString().ToLowerInvariant());
                json.WriteString("file", model.SqlFile);
            }

            json.WriteStartArray("tags");
            foreach (var tag in node.Spec.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("edges");
        foreach (var name in graph.TopologicalOrder)
        {
            foreach (var down in graph[name].Downstream)
            {
                json.WriteStartObject();
                json.WriteString("from", name);
                json.WriteString("to", down);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteText(IAnsiConsole console, AssetGraph graph)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("asset");
        table.AddColumn("kind");
        table.AddColumn("reads");
        foreach (var name in graph.TopologicalOrder)
        {
            var node = graph[name];
            var kind = node.Spec is ModelSpec m ? $"model ({m.Materialized.ToString().ToLowerInvariant()})" : node.Kind.ToString().ToLowerInvariant();
            var reads = string.Join(", ", node.Upstream.Concat(node.External.Select(e => e + " (external)")));
            table.AddRow(Markup.Escape(name), kind, Markup.Escape(reads.Length == 0 ? "—" : reads));
        }

        console.Write(table);
    }
}
