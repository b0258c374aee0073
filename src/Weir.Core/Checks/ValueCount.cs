namespace Weir.Checks;

/// <summary>A value of a column and how many rows hold it.</summary>
/// <param name="Value">The value as text; <see langword="null"/> for NULL.</param>
/// <param name="Count">Rows holding it.</param>
public sealed record ValueCount(string? Value, long Count);
