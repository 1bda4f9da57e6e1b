using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary><c>revctl index rebuild</c>: re-writes every token's index rows (due, person, slice) from its state row.</summary>
internal static class IndexCommand
{
    /// <summary>State rows re-indexed at once.</summary>
    private const int Concurrency = 16;

    public static Command Create()
    {
        var rebuild = new Command("rebuild", "Re-write every token's index rows (due, person, slice) from its state row: a scan, for an upgrade " +
            "(tokens issued before the slice index existed) or after restoring tables. Safe to repeat: index rows are upserted hints.\n\n" +
            "Example: revctl index rebuild");
        rebuild.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings);
            await CliStorage.EnsureProvisionedAsync(settings, services.GetRequiredService<StorageClients>(), ct);
            var indexer = services.GetRequiredService<TokenIndexer>();
            var count = 0;
            using (var progress = new Progress(settings.Json))
            {
                await Parallel.ForEachAsync(services.GetRequiredService<ITokenStore>().ListAsync(ct),
                    new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct }, async (token, tokenCancellation) =>
                    {
                        await indexer.EnsureAsync(token, tokenCancellation);
                        progress.Report($"re-indexed {Interlocked.Increment(ref count)} tokens");
                    });
            }
            if (settings.Json) Output.WriteDocument(settings.Format, new { tokens = count });
            else Console.Out.WriteLine($"re-indexed {count} tokens");
            return CliApp.Ok;
        }));
        return new Command("index", "Maintain the index hints (due, person, slice).") { rebuild };
    }
}
