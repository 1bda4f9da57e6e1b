namespace Revocation.Cli;

/// <summary>How a command writes its result on stdout (<c>--output</c>; <c>--json</c> is <see cref="Json"/>).</summary>
internal enum OutputFormat
{
    /// <summary>Aligned text for people (the default).</summary>
    Table,

    /// <summary>One JSON document: a list is an array.</summary>
    Json,

    /// <summary>JSON Lines: a list is one compact object per line; a single result is one line.</summary>
    Jsonl,
}
