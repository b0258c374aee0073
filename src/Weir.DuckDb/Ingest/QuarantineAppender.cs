using System.Data.Common;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Weir.DuckDb.Lake;
using Weir.Engine;

namespace Weir.DuckDb.Ingest;

/// <summary>
/// Appends the rows a reader could not load to a TEMP table of the quarantine layout (<c>file</c>, <c>line</c>,
/// <c>raw</c>, <c>reason</c>): where the row came from, its ordinal there, the row as JSON and why it was refused.
/// </summary>
internal sealed class QuarantineAppender : IDisposable
{
    /// <summary>The columns of the scratch table every connector quarantines into.</summary>
    public const string Definition = "file VARCHAR, line BIGINT, raw VARCHAR, reason VARCHAR";

    private readonly DuckDBAppender _appender;

    private QuarantineAppender(DuckDBAppender appender) => _appender = appender;

    /// <summary>Rows appended.</summary>
    public long Count { get; private set; }

    /// <summary>Creates (or empties) the TEMP table <paramref name="table"/> and opens an appender on it.</summary>
    public static async Task<QuarantineAppender> CreateAsync(DuckDBConnection duckDb, string table, CancellationToken cancellationToken)
    {
        var create = duckDb.CreateCommand();
        await using (create.ConfigureAwait(false))
        {
            create.CommandText = $"CREATE OR REPLACE TEMP TABLE {SqlText.Identifier(table)} ({Definition})";
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new QuarantineAppender(duckDb.CreateAppender(table));
    }

    /// <summary>Wraps an appender already open on a table of the quarantine layout.</summary>
    public static QuarantineAppender Open(DuckDBAppender appender) => new(appender);

    public void Add(string file, long line, string raw, string reason)
    {
        _appender.CreateRow().AppendValue(file).AppendValue(line).AppendValue(raw).AppendValue(reason).EndRow();
        Count++;
    }

    public void Dispose() => _appender.Dispose();

    /// <summary>
    /// The current row of <paramref name="reader"/> as a JSON object of its values as the driver gives them (numbers,
    /// booleans and text; other values as their invariant text; a value the driver cannot read as null).
    /// </summary>
    public static string RawJson(DbDataReader reader)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                json.WritePropertyName(reader.GetName(i));
                object? value;
                try
                {
                    value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or NotSupportedException)
                {
                    value = null;
                }

                EngineValues.WriteJson(json, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The reason for a value a driver could not read: <c>column "amount": the driver's message</c>.</summary>
    public static string Reason(string column, Exception exception) => $"column \"{column}\": {exception.Message}";

}
