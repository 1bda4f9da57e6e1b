using Revocation.Core.Policy;

namespace Revocation.Core.Tests;

public class PolicyLoaderTests
{
    [Fact]
    public void Parse_InvalidFile_ListsEveryProblemWithItsPath()
    {
        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.Parse("""
            { "providers": { "p": { "kind": "carrier-pigeon" } },
              "classes": { "ci": { "provider": "missing", "maxTtl": "1 hour", "onOwnerOffboarded": "shrug" } },
              "sweep": { "maxRevokedFraction": 2 } }
            """));
        Assert.Contains("$.providers['p'].kind: 'carrier-pigeon'", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes['ci'].owner: is required", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes['ci'].provider: 'missing' is not defined", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes['ci'].maxTtl", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes['ci'].onOwnerOffboarded", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.sweep.maxRevokedFraction", e.Message, StringComparison.Ordinal);
        Assert.True(e.Problems.Count >= 6);
    }

    [Fact]
    public void Parse_ContractExample_Loads()
    {
        var policy = TestEvents.Policy();
        var cls = policy.Classes["ci"];
        Assert.Equal(TimeSpan.FromDays(1), cls.MaxTtl);
        Assert.Equal(TimeSpan.FromHours(6), cls.IdleTimeout);
        Assert.Equal(["urn:partner"], cls.TransferAllowedSources);
        Assert.Equal(1000, policy.Sweep.MaxRevocationsPerRun);
    }
}
