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
        var put = new Command("put", "Dev only: read a token value from stdin into the local encrypted store; prints its local: reference.\n\n" +
            "Example: printf %s \"$TOKEN\" | revctl secrets put");
        put.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var value = (await Console.In.ReadToEndAsync(ct)).TrimEnd('\r', '\n');
            if (value.Length == 0) throw new UsageException("no value on stdin");
            using var services = CliServices.Build(settings, requirePolicy: false);
            await StorageProvisioner.EnsureAsync(services.GetRequiredService<StorageClients>(), ct);
            var store = services.GetRequiredService<LocalSecretStore>();
            var reference = await store.PutAsync(value, ct);
            if (settings.Json) Output.WriteJson(new { secretRef = reference });
            else Console.Out.WriteLine(reference);
            return CliApp.Ok;
        }));
        return new Command("secrets", "The dev-only local secret store.") { put };
    }
}
