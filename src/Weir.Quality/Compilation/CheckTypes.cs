namespace Weir.Quality.Compilation;

/// <summary>The check types Weir knows, as written in YAML.</summary>
internal static class CheckTypes
{
    public const string NotNull = "not_null";

    public const string Unique = "unique";

    public const string AcceptedValues = "accepted_values";

    public const string Relationships = "relationships";

    public const string RowCount = "row_count";
}
