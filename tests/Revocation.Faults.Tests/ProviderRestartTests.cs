using Xunit.Abstractions;

namespace Revocation.Faults.Tests;

/// <summary>The OAuth server killed and restarted during revocations (short form: 20 tokens, one 3 s outage).</summary>
public sealed class ProviderRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Revocation_ProviderKilledAndRestarted_RevokedOnlyWhatTheServerConfirms()
    {
        var scenario = new ProviderRestartScenario { Tokens = 20, Stops = 1, Outage = TimeSpan.FromSeconds(3), DrainBound = ShortForm.DrainBound };
        var figures = await scenario.RunAsync(output.WriteLine, ShortForm.Budget);
        ShortForm.Report(output, figures);
        // Every token ends in a final state: revoked (each confirmed at the server, checked above) or revocation-failed.
        Assert.Equal(20, figures.Revoked + figures.RevocationFailed);
    }
}
