namespace Weir.Diagnostics;

/// <summary>Maps a character offset in a text (such as a parser's error offset) to a 1-based line and column.</summary>
public static class TextPosition
{
    /// <summary>
    /// The 1-based line and column of the character at <paramref name="offset"/> (0-based) in <paramref name="text"/>.
    /// Lines end at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>; columns count UTF-16 characters.
    /// </summary>
    /// <remarks>An offset before the text is taken as 0 and one past its end as its end.</remarks>
    public static (int Line, int Column) GetLineAndColumn(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    /// <summary>
    /// The location of <paramref name="offset"/> in the file <paramref name="file"/> whose content is <paramref name="text"/>;
    /// line 1 with no column when the offset is unknown.
    /// </summary>
    public static SourceLocation ToLocation(string file, string text, int? offset)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        if (offset is not { } value)
        {
            return new SourceLocation(file, 1);
        }

        var (line, column) = GetLineAndColumn(text, value);
        return new SourceLocation(file, line, column);
    }
}
