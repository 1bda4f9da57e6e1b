using Revocation.Core.Policy;
using Revocation.Providers;
using Revocation.Secrets.Checks;

namespace Revocation.Cli.Doctor;

/// <summary>Per provider: its secret references resolve (Key Vault included), and its endpoint answers a dry request.</summary>
internal static class ProviderChecks
{
    public static async Task<IReadOnlyList<DoctorCheck>> SecretsAsync(PolicyDocument policy, SecretReferenceChecker checker, CancellationToken cancellationToken)
    {
        var results = await checker.CheckAsync(policy, SecretCheckScope.All, cancellationToken);
        var checks = new List<DoctorCheck>();
        foreach (var provider in policy.Providers.Values)
        {
            var name = $"secrets[{provider.Name}]";
            var mine = results.Where(r => r.Reference.Provider == provider.Name).ToList();
            var failed = mine.Where(r => r.Status != SecretReferenceStatus.Resolved).ToList();
            checks.Add(mine.Count == 0 ? DoctorCheck.Ok(name, "no secret references")
                : failed.Count > 0 ? DoctorCheck.Fail(name, string.Join("; ", failed.Select(Line)))
                : DoctorCheck.Ok(name, string.Join("; ", mine.Select(Line))));
        }
        return checks;
    }

    public static async Task<IReadOnlyList<DoctorCheck>> EndpointsAsync(PolicyDocument policy, ProviderEndpointProbe probe, CancellationToken cancellationToken)
    {
        var probes = policy.Providers.Values.Select(async p =>
        {
            var result = await probe.ProbeAsync(p, cancellationToken);
            return result.Answered ? DoctorCheck.Ok($"endpoint[{p.Name}]", result.Detail) : DoctorCheck.Fail($"endpoint[{p.Name}]", result.Detail);
        });
        return await Task.WhenAll(probes);
    }

    private static string Line(SecretReferenceResult r) => r.Status == SecretReferenceStatus.Resolved
        ? $"{r.Reference.Field} ({r.Reference.Display}) resolves"
        : $"{r.Reference.Field} ({r.Reference.Display}): {r.Detail}";
}
