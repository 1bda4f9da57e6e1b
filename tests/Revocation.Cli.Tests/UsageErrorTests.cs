namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "tokens", "list", "--state", "bogus" }, "'bogus' not recognized", "revctl tokens list --help")]
    [InlineData(new[] { "frobnicate" }, "'frobnicate'", "revctl --help")]
    [InlineData(new[] { "tokens", "show" }, "Required argument missing", "revctl tokens show --help")]
    [InlineData(new[] { "revoke", "some-token" }, "--reason", "revctl revoke --help")]
    [InlineData(new[] { "tokens", "list", "--storage", "not/a storage" }, "a storage account name (3-24 lowercase letters and digits)", "REVOCATION_STORAGE")]
    [InlineData(new[] { "tokens", "list", "--storage", "table=http://127.0.0.1:10002/devstoreaccount1;queue=https://q.example" }, "not an https URL", "--storage")]
    [InlineData(new[] { "tokens", "list", "--storage", "AccountName=x" }, "not a valid storage connection string", "--storage")]
    [InlineData(new[] { "tokns", "list" }, "unknown command or argument 'tokns' (did you mean 'tokens'?)", "revctl --help")]
    [InlineData(new[] { "tokens", "lst" }, "'lst' (did you mean 'list'?)", "revctl tokens --help")]
    [InlineData(new[] { "tokens", "list", "--stat", "active" }, "unknown option '--stat' (did you mean '--state'?)", "revctl tokens list --help")]
    [InlineData(new[] { "tokens", "list", "--state", "revokd" }, "(did you mean 'revoked'?)", "revctl tokens list --help")]
    [InlineData(new[] { "tokens", "list", "--output", "jsn" }, "(did you mean 'json' or 'jsonl'?)", "revctl tokens list --help")]
    [InlineData(new[] { "ledger", "export", "--since", "last tuesday" }, "--since 'last tuesday' is not a time: use an RFC 3339 time", "yesterday")]
    public async Task Invoke_BadCommandLine_ExitsTwoWithOneLineNamingTheProblem(string[] args, string problem, string hint)
    {
        var result = await CliHarness.RunRawAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("revctl: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.Contains(hint, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Help_ExitsZeroWithAnExample()
    {
        var result = await CliHarness.RunRawAsync("ledger", "verify", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Example: revctl ledger verify", result.StdOut, StringComparison.Ordinal);
    }
}
