using Weir.Lake;
using Weir.Lake.Transactions;

namespace Weir.DuckDb.Lake;

/// <summary>
/// An asset's table as one build read it: the opened table and its latest snapshot, both <see langword="null"/> when
/// the table did not exist yet. A build that plans a load against the snapshot hands it to the write, so the log is
/// read once per load.
/// </summary>
internal sealed record LoadedLakeTable(DeltaTable? Table, Snapshot? Snapshot);
