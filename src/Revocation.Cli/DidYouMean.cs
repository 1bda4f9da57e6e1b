using System.CommandLine;
using System.CommandLine.Parsing;

namespace Revocation.Cli;

/// <summary>Suggestions for a mistyped command, option or value: the known names within edit distance 2.</summary>
internal static class DidYouMean
{
    /// <summary>Largest edit distance still suggested: one or two typos, not a different word.</summary>
    public const int MaxDistance = 2;

    /// <summary>" (did you mean 'x'?)", or empty when nothing is close.</summary>
    public static string Hint(string typed, IEnumerable<string> known)
    {
        var close = Closest(typed, known);
        return close.Count == 0 ? "" : $" (did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?)";
    }

    /// <summary>The known names nearest to <paramref name="typed"/> (ignoring case), at most three, nearest first.</summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known) =>
        [.. known.Distinct(StringComparer.Ordinal)
            .Select(k => (Name: k, Distance: Distance(typed.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= MaxDistance && k.Distance < Math.Max(typed.Length, 2))
            .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal).Take(3).Select(k => k.Name)];

    /// <summary>The accepted values of the option or argument an error is about (a bad value of --state, say).</summary>
    public static IEnumerable<string> Candidates(ParseError error) => error.SymbolResult switch
    {
        OptionResult o => Values(o.Option),
        ArgumentResult a => Values(a.Argument),
        _ => [],
    };

    /// <summary>The subcommands of <paramref name="command"/>, or the options valid there (its own and its ancestors' recursive ones).</summary>
    public static IEnumerable<string> Words(CommandResult command, bool option)
    {
        if (!option) return command.Command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name));
        var names = new List<string>();
        for (SymbolResult? r = command; r is not null; r = r.Parent)
            if (r is CommandResult c)
                names.AddRange(c.Command.Options.Where(o => ReferenceEquals(c, command) || o.Recursive).SelectMany(o => o.Aliases.Prepend(o.Name)));
        return names;
    }

    private static IEnumerable<string> Values(Symbol symbol) =>
        symbol.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label);

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
