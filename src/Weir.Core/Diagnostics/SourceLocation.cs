namespace Weir.Diagnostics;

/// <summary>A place in a project file: path relative to the project root, 1-based line and column.</summary>
public readonly struct SourceLocation : IEquatable<SourceLocation>
{
    /// <summary>Creates a location.</summary>
    /// <param name="file">Path of the file, relative to the project root where possible.</param>
    /// <param name="line">1-based line, or 0 when unknown.</param>
    /// <param name="column">1-based column, or 0 when unknown.</param>
    public SourceLocation(string file, int line, int column = 0)
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>Path of the file, relative to the project root where possible.</summary>
    public string File { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>A location that points at no file.</summary>
    public static SourceLocation None => new(string.Empty, 0);

    /// <summary>Whether this location names a file.</summary>
    public bool IsKnown => !string.IsNullOrEmpty(File);

    /// <inheritdoc />
    public bool Equals(SourceLocation other) => File == other.File && Line == other.Line && Column == other.Column;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SourceLocation other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(File, Line, Column);

    /// <summary>Compares two locations.</summary>
    public static bool operator ==(SourceLocation left, SourceLocation right) => left.Equals(right);

    /// <summary>Compares two locations.</summary>
    public static bool operator !=(SourceLocation left, SourceLocation right) => !left.Equals(right);

    /// <summary><c>file:line:column</c>, the form editors and CI annotate.</summary>
    public override string ToString() =>
        !IsKnown ? "<project>" : Line <= 0 ? File : Column <= 0 ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
}
