namespace Weir.DuckDb.Lake;

/// <summary>
/// Runs after a lake write has written its data files and before it commits them: it may look at what was written,
/// add operation parameters to the commit, or throw to stop the write (the files are then deleted, nothing committed).
/// </summary>
internal delegate Task<IReadOnlyDictionary<string, string>?> BeforeCommit(DeltaOperationResult written, CancellationToken cancellationToken);
