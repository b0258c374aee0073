using Weir.Checks;
using Weir.Diagnostics;

namespace Weir.Project;

public sealed partial class ProjectLoader
{
    /// <summary>
    /// <c>quarantine: true</c> moves failing rows aside while a source is ingested: it is an error on a model or a seed, and
    /// on a check whose failures are not single rows (<see cref="CheckTypes.RowLevelChecks"/>).
    /// </summary>
    private static void RejectMisplacedQuarantine(YamlFile file, AssetEntry entry, string what)
    {
        foreach (var check in entry.Checks.Concat(entry.Columns.SelectMany(c => c.Checks)).Where(c => c.Quarantine))
        {
            if (what != "source")
            {
                file.Context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidCheck, check.Location,
                    $"check '{check.DisplayName}' of {what} '{entry.Name}' has 'quarantine: true', which applies only to sources",
                    "quarantine moves failing rows aside while a source is ingested; " +
                    $"remove it here, or declare the check on the source the {what} reads"));
            }
            else if (!CheckTypes.IsRowLevel(check.Type))
            {
                file.Context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidCheck, check.Location,
                    $"check '{check.DisplayName}' cannot quarantine rows: its failures are not single rows",
                    $"only row-level checks take 'quarantine: true' ({string.Join(", ", CheckTypes.RowLevelChecks)}); " +
                    "remove it from this check"));
            }
        }
    }

    /// <summary>A delta source is read in place, never ingested: there is no load to take rows out of.</summary>
    private static void RejectQuarantineInPlace(YamlFile file, AssetEntry entry)
    {
        foreach (var check in entry.Checks.Concat(entry.Columns.SelectMany(c => c.Checks)).Where(c => c.Quarantine))
        {
            file.Context.Diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidCheck, check.Location,
                $"check '{check.DisplayName}' of delta source '{entry.Name}' has 'quarantine: true', but a delta source is read in place",
                "nothing is ingested, so no row can be moved aside; remove 'quarantine: true' (the check still reports)"));
        }
    }
}
