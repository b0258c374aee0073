namespace Weir.Cli;

/// <summary>How a command prints its data: for people (the default), or for machines.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
}
