using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Doctor;
using Revocation.Cli.Hosting;
using Revocation.Core.Policy;
using Revocation.Core.Storage;
using Revocation.Providers;
using Revocation.Secrets.Checks;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary>
/// <c>revctl doctor</c>: policy, storage (reachable and provisioned), clock skew, poison queues, sweep guard, and per
/// provider its secret references and its endpoint. One line per check; exit 0 when none fails, 1 otherwise.
/// Dry: it reads, never creates, moves or revokes anything, and never prints a secret value.
/// </summary>
internal static class DoctorCommand
{
    private static readonly string[] StorageDependent = ["clock", "poison", "guard"];

    public static Command Create()
    {
        var doctor = new Command("doctor", "Check storage, policy, secret references, provider endpoints, poison queues, sweep guard and clock; " +
            "one line per check (ok, warn, fail, skip), exit 1 when any fails.\n\nExample: revctl doctor --policies deploy/policies.json");
        doctor.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var checks = new List<DoctorCheck>();
            PolicyDocument? policy = null;
            try
            {
                policy = PolicyLoader.LoadGoverning(settings.Policies);
                checks.Add(DoctorCheck.Ok("policy", $"{settings.Policies}: {policy.Providers.Count} provider(s), {policy.Classes.Count} class(es)"));
            }
            catch (PolicyValidationException e)
            {
                checks.Add(DoctorCheck.Fail("policy", e.Message));
            }

            // An invalid policy is this command's finding, not a reason to stop: the services then run without one.
            using var services = CliServices.Build(policy is null ? settings with { Policies = "" } : settings, requirePolicy: false);
            var time = services.GetRequiredService<TimeProvider>();
            var storage = new StorageChecks(services.GetRequiredService<StorageClients>(), services.GetRequiredService<ITokenStore>(), time);
            var reachable = await DoctorCheck.RunAsync("storage", () => storage.ReachableAndProvisionedAsync(ct), ct);
            checks.Add(reachable);
            if (storage.ServerDate is null && reachable.Status == DoctorStatus.Fail)
            {
                foreach (var name in StorageDependent) checks.Add(DoctorCheck.Skip(name, "storage unreachable"));
            }
            else
            {
                checks.Add(storage.Clock());
                checks.Add(await DoctorCheck.RunAsync("poison", () => storage.PoisonAsync(ct), ct));
                checks.Add(await DoctorCheck.RunAsync("guard", () => storage.GuardAsync(ct), ct));
            }

            if (policy is null) checks.Add(DoctorCheck.Skip("providers", "policy invalid: secret references and endpoints not checked"));
            else
            {
                checks.AddRange(await ProviderChecks.SecretsAsync(policy, services.GetRequiredService<SecretReferenceChecker>(), ct));
                using var http = ProviderEndpointProbe.CreateClient();
                checks.AddRange(await ProviderChecks.EndpointsAsync(policy, new ProviderEndpointProbe(http, time), ct));
            }

            if (settings.Json) Output.WriteJson(checks.Select(c => new { status = c.StatusText, check = c.Check, detail = c.Detail }));
            else foreach (var c in checks) Console.Out.WriteLine(c.ToString());
            return checks.Any(c => c.Status == DoctorStatus.Fail) ? CliApp.Failure : CliApp.Ok;
        }));
        return doctor;
    }
}
