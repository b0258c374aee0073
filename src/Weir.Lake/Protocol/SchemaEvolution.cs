using System.Text.RegularExpressions;
namespace Weir.Lake.Protocol;

/// <summary>
/// Compares a table's schema with new data's: adding columns and widening types (byte → short → integer → long,
/// float → double, byte/short/integer → double, an integer to a decimal that holds it, decimal to a wider decimal,
/// date → timestamp) evolve a table; dropping, renaming or narrowing breaks it.
/// </summary>
public static partial class SchemaEvolution
{
    private static readonly string[] s_integers = ["byte", "short", "integer", "long"];

    /// <summary>What differs between the table's schema and the new data's.</summary>
    public static SchemaDiff Compare(TableSchema current, TableSchema incoming)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(incoming);
        var added = new List<SchemaField>();
        var widened = new List<(SchemaField From, SchemaField To)>();
        var changed = new List<(SchemaField From, SchemaField To)>();
        foreach (var field in incoming.Fields)
        {
            if (current.Find(field.Name) is not { } old)
            {
                added.Add(field);
            }
            else if (old.Type != field.Type)
            {
                if (IsWidening(old.Type, field.Type))
                {
                    widened.Add((old, field));
                }
                else
                {
                    changed.Add((old, field));
                }
            }
        }

        var dropped = current.Fields.Where(f => incoming.Find(f.Name) is null).ToList();
        return new SchemaDiff(added, widened, dropped, changed);
    }

    /// <summary>The schema a table takes when <paramref name="incoming"/> evolves it: its columns, widened, then the new ones.</summary>
    public static TableSchema Evolve(TableSchema current, TableSchema incoming)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(incoming);
        return new(current.Fields
            .Select(f => incoming.Find(f.Name) is { } n && n.Type != f.Type && IsWidening(f.Type, n.Type)
                ? new SchemaField(f.Name, n.Type, f.Nullable || n.Nullable, f.Metadata)
                : f)
            .Concat(incoming.Fields.Where(f => current.Find(f.Name) is null)
                .Select(f => new SchemaField(f.Name, f.Type, nullable: true, f.Metadata))));
    }

    /// <summary>Whether a column of Delta type <paramref name="from"/> may become <paramref name="to"/> without loss.</summary>
    public static bool IsWidening(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = Array.IndexOf(s_integers, from);
        var b = Array.IndexOf(s_integers, to);
        if (a >= 0 && b >= 0)
        {
            return b > a;
        }

        if (from == "float" && to == "double")
        {
            return true;
        }

        // As Delta's type widening: a double holds every byte, short and integer exactly (not every long); a float
        // every byte and short.
        if ((to == "double" && a is >= 0 and <= 2) || (to == "float" && a is >= 0 and <= 1))
        {
            return true;
        }

        if (from == "date" && to is "timestamp_ntz" or "timestamp")
        {
            return true;
        }

        if (a >= 0 && Decimal(to) is { } d)
        {
            // An integer fits a decimal with enough integer digits: byte 3, short 5, integer 10, long 20.
            int[] digits = [3, 5, 10, 20];
            return d.Precision - d.Scale >= digits[a];
        }

        return Decimal(from) is { } f && Decimal(to) is { } t && t.Scale >= f.Scale && t.Precision - t.Scale >= f.Precision - f.Scale;
    }

    private static (int Precision, int Scale)? Decimal(string type)
    {
        var match = DecimalPattern().Match(type);
        return match.Success
            ? (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
               int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex(@"^decimal\((\d+),\s*(\d+)\)$")]
    private static partial Regex DecimalPattern();
}
