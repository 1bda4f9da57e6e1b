using System.CommandLine;
using System.CommandLine.Parsing;

namespace Revocation.Cli;

/// <summary>A bad command line as one line: what is wrong, with "did you mean" when a known word is close.</summary>
internal static class UsageLine
{
    public static string Problems(ParseResult parse)
    {
        // An unknown word explains the rest (a missing subcommand, a stray value after it): name only the first.
        var unknown = parse.UnmatchedTokens.Count > 0 ? parse.UnmatchedTokens[0] : null;
        if (unknown is null) return string.Join("; ", parse.Errors.Select(e => OneLine(e) + Suggestion(e)));
        var option = unknown.StartsWith('-');
        return (option ? "unknown option '" : "unknown command or argument '") + unknown + "'" +
            DidYouMean.Hint(unknown, DidYouMean.Words(parse.CommandResult, option));
    }

    private static string OneLine(ParseError e) =>
        string.Join(' ', e.Message.Split(['\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim().TrimEnd('.');

    /// <summary>" (did you mean 'revoked'?)" for the quoted word of a bad-value error (--state, --output, a queue name).</summary>
    private static string Suggestion(ParseError e)
    {
        var start = e.Message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : e.Message.IndexOf('\'', start + 1);
        if (end <= start + 1) return "";
        var typed = e.Message[(start + 1)..end];
        return DidYouMean.Hint(typed, DidYouMean.Candidates(e).Where(c => !string.Equals(c, typed, StringComparison.Ordinal)));
    }
}
