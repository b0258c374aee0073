using Weir.Diagnostics;

namespace Weir.Core.Tests.TestSupport;

internal static class DiagnosticAssertions
{
    /// <summary>
    /// The one diagnostic with <paramref name="code"/>, asserted to be at <paramref name="file"/>:<paramref name="line"/>.
    /// </summary>
    public static Diagnostic ShouldHaveOne(this DiagnosticBag bag, string code, string file, int line)
    {
        var all = string.Join(Environment.NewLine, bag.Items);
        var matches = bag.Items.Where(d => d.Code == code).ToList();
        matches.Count.ShouldBe(1, $"expected one {code}; got:{Environment.NewLine}{all}");
        var diagnostic = matches[0];
        diagnostic.Location.File.ShouldBe(file, all);
        diagnostic.Location.Line.ShouldBe(line, all);
        return diagnostic;
    }

    /// <summary>The errors (not warnings) as their <see cref="Diagnostic.ToString"/>.</summary>
    public static IReadOnlyList<string> Errors(this DiagnosticBag bag) =>
        [.. bag.Items.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];
}
