using Weir.Lake.Protocol;

namespace Weir.Lake.Log;

/// <summary>Which protocols Weir reads and writes, and the refusal for those it does not.</summary>
internal static class ProtocolSupport
{
    /// <summary>The writer version of tables Weir creates.</summary>
    public const int WriterVersion = 2;

    /// <summary>Reader features Weir implements: timestamp without time zone is only a type.</summary>
    private static readonly HashSet<string> s_readerFeatures = new(StringComparer.Ordinal) { "timestampNtz" };

    /// <summary>Writer features Weir honours when it writes (append-only is enforced; invariants are refused if used).</summary>
    private static readonly HashSet<string> s_writerFeatures = new(StringComparer.Ordinal)
    {
        "appendOnly", "invariants", "timestampNtz",
    };

    /// <summary>Refuses a table Weir cannot read correctly at this protocol.</summary>
    /// <exception cref="UnsupportedTableFeatureException">The protocol needs a feature Weir lacks.</exception>
    public static void EnsureReadable(ProtocolAction protocol, string table, long version)
    {
        var unsupported = UnsupportedReaderFeatures(protocol);
        if (unsupported.Count > 0)
        {
            throw new UnsupportedTableFeatureException(table, unsupported,
                $"Weir cannot read the Delta table '{table}' at version {version}: it needs reader version "
                + $"{protocol.MinReaderVersion} with {string.Join(", ", unsupported)}, which Weir does not support.");
        }
    }

    /// <summary>Refuses to write a table whose protocol or metadata needs writer features Weir lacks.</summary>
    /// <exception cref="UnsupportedTableFeatureException">The protocol or schema needs a feature Weir lacks.</exception>
    public static void EnsureWritable(ProtocolAction protocol, MetadataAction metadata, string table, long version)
    {
        var unsupported = UnsupportedReaderFeatures(protocol);
        switch (protocol.MinWriterVersion)
        {
            case <= WriterVersion:
                break;
            case 7:
                unsupported.AddRange((protocol.WriterFeatures ?? []).Where(f => !s_writerFeatures.Contains(f) && !unsupported.Contains(f)));
                break;
            default:
                unsupported.Add($"writer version {protocol.MinWriterVersion}");
                break;
        }

        if (UsesInvariants(metadata))
        {
            unsupported.Add("invariants");
        }

        if (unsupported.Count > 0)
        {
            throw new UnsupportedTableFeatureException(table, unsupported,
                $"Weir cannot write the Delta table '{table}' (version {version}): it needs "
                + $"{string.Join(", ", unsupported)}, which Weir does not support.");
        }
    }

    /// <summary>Whether <c>delta.appendOnly</c> is set: removes that change data are then refused.</summary>
    /// <summary>
    /// The protocol a table with <paramref name="schemaString"/> needs, at least <paramref name="current"/>: reader 1 /
    /// writer 2, or reader 3 / writer 7 with the <c>timestampNtz</c> feature when a column (at any depth) is
    /// <c>timestamp_ntz</c>. Returns <see langword="null"/> when <paramref name="current"/> already suffices.
    /// </summary>
    public static ProtocolAction? Required(string schemaString, ProtocolAction? current)
    {
        var needsNtz = schemaString.Contains("\"timestamp_ntz\"", StringComparison.Ordinal);
        if (!needsNtz)
        {
            return current is null ? new ProtocolAction { MinReaderVersion = 1, MinWriterVersion = WriterVersion } : null;
        }

        if (current is { MinReaderVersion: 3, MinWriterVersion: 7 }
            && (current.ReaderFeatures ?? []).Contains("timestampNtz") && (current.WriterFeatures ?? []).Contains("timestampNtz"))
        {
            return null;
        }

        var reader = new List<string>(current?.MinReaderVersion == 3 ? current.ReaderFeatures ?? [] : []);
        var writer = new List<string>(current?.MinWriterVersion == 7 ? current.WriterFeatures ?? [] : []);
        if (current is { MinWriterVersion: 2 } && writer.Count == 0)
        {
            // Writer version 2's implied features carry over as explicit ones (the protocol's upgrade rule).
            writer.AddRange(["appendOnly", "invariants"]);
        }

        reader.Add("timestampNtz");
        writer.Add("timestampNtz");
        return new ProtocolAction
        {
            MinReaderVersion = 3,
            MinWriterVersion = 7,
            ReaderFeatures = [.. reader.Distinct(StringComparer.Ordinal)],
            WriterFeatures = [.. writer.Distinct(StringComparer.Ordinal)],
        };
    }

    public static bool IsAppendOnly(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue("delta.appendOnly", out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static List<string> UnsupportedReaderFeatures(ProtocolAction protocol)
    {
        var unsupported = new List<string>();
        switch (protocol.MinReaderVersion)
        {
            case <= 1:
                break;
            case 2:
                // Reader version 2 means column mapping may be in use: physical names differ from the schema's.
                unsupported.Add("columnMapping");
                break;
            case 3 when protocol.ReaderFeatures is { } features:
                unsupported.AddRange(features.Where(f => !s_readerFeatures.Contains(f)).Distinct(StringComparer.Ordinal));
                break;
            case 3:
                unsupported.Add("reader version 3 without readerFeatures");
                break;
            default:
                unsupported.Add($"reader version {protocol.MinReaderVersion}");
                unsupported.AddRange((protocol.ReaderFeatures ?? []).Where(f => !s_readerFeatures.Contains(f)).Distinct(StringComparer.Ordinal));
                break;
        }

        return unsupported;
    }

    private static bool UsesInvariants(MetadataAction metadata)
    {
        if (string.IsNullOrEmpty(metadata.SchemaString))
        {
            return false;
        }

        // Nested fields may carry invariants too; the raw text is enough to know whether any column has one.
        return metadata.SchemaString.Contains("\"delta.invariants\"", StringComparison.Ordinal);
    }
}
