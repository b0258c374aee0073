namespace Weir.Quality.Profiling;

/// <summary>Which statistics apply to a column, by its engine type.</summary>
internal enum ProfileColumnKind
{
    /// <summary>Integers, decimals, floats: every statistic, mean, standard deviation and histogram included.</summary>
    Numeric,

    /// <summary>BOOLEAN: min, max (as text) and top values; no mean.</summary>
    Boolean,

    /// <summary>Dates, times, timestamps, intervals: min and max as text; top values only when few distinct.</summary>
    Temporal,

    /// <summary>VARCHAR, UUID, ENUM, JSON: min and max as text, top values.</summary>
    Text,

    /// <summary>BLOB, BIT and other orderless scalars: NULLs and distinct values only.</summary>
    Opaque,

    /// <summary>STRUCT, LIST, ARRAY, MAP, UNION: NULLs only.</summary>
    Nested,
}
