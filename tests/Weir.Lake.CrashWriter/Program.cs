using System.Globalization;
using Weir.Lake.Protocol;
using Weir.Lake.Storage;
using Weir.Lake.Transactions;

// Usage: Weir.Lake.CrashWriter <store-root> <table> <writer> <batches> [--pause-ms N] [--hang-after-write]
// Appends batches 1..<batches> of <writer>, one commit each: write a data file under the table, then commit it with
// txn (appId = writer, version = batch). A restarted writer resumes after the last batch the log records, so a batch
// lands exactly once however often the process is killed. --hang-after-write writes one data file and then waits to
// be killed, leaving an orphan file no commit references. It prints "ready" once it has read the table.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: Weir.Lake.CrashWriter <store-root> <table> <writer> <batches> [--pause-ms N] [--hang-after-write]");
    return 2;
}

var (root, tableName, writer) = (args[0], args[1], args[2]);
var batches = long.Parse(args[3], CultureInfo.InvariantCulture);
var pauseIndex = Array.IndexOf(args, "--pause-ms");
var pauseMs = pauseIndex > 0 ? int.Parse(args[pauseIndex + 1], CultureInfo.InvariantCulture) : 0;
var hangAfterWrite = args.Contains("--hang-after-write");

var store = new LocalObjectStore(root);
var table = await DeltaTable.OpenAsync(store, tableName, new DeltaTableOptions { MaxCommitAttempts = 10_000 });
var snapshot = await table.LoadSnapshotAsync();
Console.Out.WriteLine("ready");
await Console.Out.FlushAsync();
var random = new Random();
while (true)
{
    var batch = (snapshot.AppVersions.TryGetValue(writer, out var done) ? done : 0) + 1;
    if (batch > batches)
    {
        return 0;
    }

    var path = string.Create(CultureInfo.InvariantCulture, $"{writer}/batch-{batch:D4}-{Guid.NewGuid():N}.parquet");
    var data = new byte[64 + random.Next(64)];
    random.NextBytes(data);
    await store.PutAsync(tableName + "/" + path, data);
    if (hangAfterWrite)
    {
        Console.Out.WriteLine("hanging");
        await Console.Out.FlushAsync();
        await Task.Delay(Timeout.Infinite);
    }

    if (pauseMs > 0)
    {
        await Task.Delay(random.Next(pauseMs));
    }

    var tx = table.BeginTransaction(snapshot);
    tx.Add(new AddAction
    {
        Path = DeltaPath.Encode(path),
        Size = data.Length,
        ModificationTime = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
        DataChange = true,
        Stats = """{"numRecords":1}""",
    });
    tx.SetAppVersion(writer, batch);
    var result = await tx.CommitAsync("WRITE", new Dictionary<string, string> { ["mode"] = "Append" });
    snapshot = result.Snapshot;
}
