using System.Globalization;
using CsvHelper;
using Weir.Engine;

namespace Weir.Cli.Rendering;

/// <summary>Writes RFC 4180 CSV (header row, then rows) to the data stream.</summary>
internal static class CsvOutput
{
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var name in header)
        {
            csv.WriteField(name);
        }

        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                csv.WriteField(EngineValues.Format(value));
            }

            csv.NextRecord();
        }

        csv.Flush();
        writer.Flush();
    }
}
