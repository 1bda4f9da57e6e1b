using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Secrets;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

internal static class SecretsCommand
{
    public static Command Create()
    {
        var put = new Command("put", "Dev only: read a token value from stdin (typed without echo on a terminal) into the local encrypted store; prints its local: reference, never the value.\n\n" +
            "Example: printf %s \"$TOKEN\" | revctl secrets put");
        put.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            // From a terminal the value is typed without echo; it is never printed.
            var value = await SecretInput.FromConsole().ReadAsync(ct);
            if (value.Length == 0) throw new UsageException(Console.IsInputRedirected ? "no value on stdin" : "no value typed");
            using var services = CliServices.Build(settings, requirePolicy: false);
            await CliStorage.EnsureProvisionedAsync(settings, services.GetRequiredService<StorageClients>(), ct);
            var store = services.GetRequiredService<LocalSecretStore>();
            var reference = await store.PutAsync(value, ct);
            if (settings.Json) Output.WriteDocument(settings.Format, new { secretRef = reference });
            else Console.Out.WriteLine(reference);
            return CliApp.Ok;
        }));
        return new Command("secrets", "The dev-only local secret store.") { put };
    }
}
