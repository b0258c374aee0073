namespace Weir.DuckDb.Lake;

/// <summary>What a Delta primitive type holds, as far as comparing and writing values goes.</summary>
internal enum DeltaValueKind
{
    Other,
    Integer,
    Decimal,
    Float,
    String,
    Boolean,
    Date,
    Timestamp,
    TimestampNtz,
    Binary,
}
