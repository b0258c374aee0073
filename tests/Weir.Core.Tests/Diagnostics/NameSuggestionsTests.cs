using Weir.Diagnostics;

namespace Weir.Core.Tests.Diagnostics;

public sealed class NameSuggestionsTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("materialised", "materialized", 1)]
    [InlineData("tabel", "table", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_Pairs_CountsEdits(string a, string b, int expected)
    {
        NameSuggestions.Distance(a, b).ShouldBe(expected);
        NameSuggestions.Distance(b, a).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Materialised", "materialized")]
    [InlineData("foo", "foo_bar")]
    [InlineData("ordres", "orders")]
    public void Closest_Typo_FindsTheIntendedName(string input, string expected)
    {
        NameSuggestions.Closest(input, ["orders", "foo_bar", "materialized", "customers"]).ShouldBe(expected);
    }

    [Fact]
    public void Closest_NothingNear_ReturnsNull()
    {
        NameSuggestions.Closest("warehouse", ["name", "engine", "state"]).ShouldBeNull();
    }
}
