using System.Diagnostics.CodeAnalysis;

namespace Weir.Project;

/// <summary>A source: data generated outside the project and ingested into it (<c>sources/*.yaml</c>).</summary>
public sealed class SourceSpec : AssetSpec
{
    /// <summary>Creates a source; set its members in an object initializer.</summary>
    public SourceSpec()
    {
    }

    /// <summary>
    /// A source of <paramref name="format"/> with the fields every kind takes from its <c>sources:</c> entry (name,
    /// location, docs, columns, checks, retries, timeout, zone, profile, partitions, schema policy); <see cref="Path"/> is
    /// empty. Each kind's loader adds its own fields in an object initializer.
    /// </summary>
    [SetsRequiredMembers]
    internal SourceSpec(AssetEntry entry, SourceFormat format)
    {
        Name = entry.Name;
        Location = entry.Location;
        Description = entry.Description;
        Owner = entry.Owner;
        Tags = entry.Tags;
        Columns = entry.Columns;
        Checks = entry.Checks;
        Retries = entry.Retries;
        Timeout = entry.Timeout;
        Zone = entry.Zone ?? LakeZone.Raw;
        Profile = entry.Profile;
        PartitionBy = entry.PartitionBy;
        OnSchemaChange = entry.OnSchemaChange;
        Format = format;
        Path = string.Empty;
    }

    /// <inheritdoc />
    public override AssetKind Kind => AssetKind.Source;

    /// <summary>The file format (from <c>kind:</c>).</summary>
    public required SourceFormat Format { get; init; }

    /// <summary>A path or glob, relative to the project root unless absolute; empty for a database source.</summary>
    public required string Path { get; init; }

    /// <summary>The key columns of a row, if any.</summary>
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];

    /// <summary>Reader options as written (csv: <c>delimiter</c>, <c>header</c>, <c>quote</c>, <c>date_format</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>For a Delta source: read the table as of this version (<c>version:</c>), or the latest when null.</summary>
    public long? Version { get; init; }

    /// <summary>For a Delta source: read the table as of this time (<c>timestamp:</c>), or the latest when null.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>
    /// For a file source (<c>incremental: true</c>): read only files not ingested before (a file is known by its path,
    /// size and modification time, so a changed file is read again) and append their rows; otherwise every load
    /// replaces the table with all the files.
    /// </summary>
    public bool Incremental { get; init; }

    /// <summary>
    /// How many rows may be quarantined (unreadable, failing a <c>quarantine: true</c> check) before the load fails
    /// (<c>max_bad_rows:</c>), or
    /// <see langword="null"/> for no limit.
    /// </summary>
    public BadRowLimit? MaxBadRows { get; init; }

    /// <summary>
    /// What a load does when the data's columns differ from the lake table's (<c>on_schema_change:</c>):
    /// <see cref="SchemaChangePolicy.Evolve"/> (the default), <see cref="SchemaChangePolicy.Ignore"/> or
    /// <see cref="SchemaChangePolicy.Fail"/>. Applies to every load, full refresh included.
    /// </summary>
    public SchemaChangePolicy OnSchemaChange { get; init; } = SchemaChangePolicy.Evolve;

    /// <summary>Whether the source is read from a database (PostgreSQL, SQLite) rather than from files.</summary>
    public bool IsDatabase => Format is SourceFormat.Postgres or SourceFormat.Sqlite;

    /// <summary>For a database source: the ADO.NET connection string (<c>connection:</c>); a secret, never shown.</summary>
    public string? Connection { get; init; }

    /// <summary>For a database source: the table to read (<c>table:</c>), possibly schema-qualified, or <see langword="null"/>.</summary>
    public string? Table { get; init; }

    /// <summary>For a database source: the query to read (<c>query:</c>), or <see langword="null"/>.</summary>
    public string? Query { get; init; }

    /// <summary>For a database source: full refresh or incremental (<c>mode:</c>).</summary>
    public SourceLoadMode Mode { get; init; }

    /// <summary>For a full-refresh database source: overwrite or append (<c>write:</c>).</summary>
    public SourceWriteMode WriteMode { get; init; }

    /// <summary>For an incremental database source: the timestamp or increasing column (<c>cursor:</c>).</summary>
    public string? Cursor { get; init; }

    /// <summary>For an incremental database source: how far before the watermark to read again (<c>lookback:</c>).</summary>
    public TimeSpan? Lookback { get; init; }

    /// <summary>
    /// For a database source with a primary key (<c>detect_deletes:</c>): whether loads compare the source's keys with the
    /// lake table's and flag missing rows as deleted (<c>_weir_deleted</c>, <c>_weir_deleted_at</c>).
    /// </summary>
    public bool DetectDeletes { get; init; }

    /// <summary>
    /// For a database source that detects deletes: the least time between two key snapshots (<c>detect_deletes: { every: 6h }</c>),
    /// or <see langword="null"/> to compare on every load.
    /// </summary>
    public TimeSpan? DetectDeletesEvery { get; init; }

    /// <summary>For a full-refresh database table source: how many key ranges are read at once (<c>parallelism:</c>); 1 reads serially.</summary>
    /// <value>1.</value>
    public int Parallelism { get; init; } = 1;

    /// <summary>
    /// For a parallel full refresh: the integer column the key ranges split (<c>split_by:</c>), or <see langword="null"/>
    /// for the single-column primary key.
    /// </summary>
    public string? SplitBy { get; init; }

    /// <summary>
    /// For a push source (<c>kind: push</c>): the token clients send as <c>Authorization: Bearer …</c> (<c>token:</c>);
    /// a secret, never shown. <see langword="null"/> for every other kind.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>The default of <see cref="IdempotencyWindow"/>: 7 days.</summary>
    public static readonly TimeSpan DefaultIdempotencyWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// For a push source: how long an <c>Idempotency-Key</c> is remembered (<c>idempotency_window:</c>); a batch resent
    /// within it lands once. Older keys are dropped at the table's next checkpoint, so the table's state does not grow
    /// with every batch ever pushed.
    /// </summary>
    /// <value><see cref="DefaultIdempotencyWindow"/>.</value>
    public TimeSpan IdempotencyWindow { get; init; } = DefaultIdempotencyWindow;

    /// <summary>For an HTTP source (<c>kind: http</c>): the API, its pagination, rate limit and retries; otherwise <see langword="null"/>.</summary>
    public HttpSourceSettings? Http { get; init; }
}
