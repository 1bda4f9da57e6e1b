using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Revocation.Core;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Providers;
using Revocation.Secrets;
using Revocation.Storage;

namespace Revocation.Pipeline.Tests;

/// <summary>The real core services over a real Azurite, composed as the hosts compose them.</summary>
internal sealed class Pipeline : IDisposable
{
    private readonly ServiceProvider _services;

    public Pipeline(string connectionString, string policyJson, string keyFile, TimeProvider? time = null, IRevocationProvider? provider = null,
        Core.Discovery.ICredentialInventory? inventory = null, Action<IServiceCollection>? configure = null, Action<Azure.Core.ClientOptions>? storage = null)
    {
        Time = time ?? TimeProvider.System;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LocalSecrets:KeyFilePath"] = keyFile,
            ["Revocation:Retry:MaxAttempts"] = "2",
            ["Revocation:Retry:BaseDelay"] = "00:00:01",
        }).Build();
        Clients = StorageClients.FromConnectionString(connectionString, configure: storage);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Time);
        services.AddRevocationStorage(_ => Clients);
        services.AddRevocationCore(PolicyLoader.Parse(policyJson));
        services.ConfigureRevocationCore(configuration);
        services.AddRevocationSecrets(configuration, allowLocalStore: true);
        // Registrations the providers only try-add (the keyed Graph TokenCredential): the test's own come first.
        configure?.Invoke(services);
        services.AddRevocationProviders(configuration);
        if (provider is not null)
        {
            // A scripted stand-in for the provider where the point is how the worker treats each answer.
            services.RemoveAll<IRevocationProvider>();
            services.AddSingleton(provider);
        }
        if (inventory is not null)
        {
            // A scripted listing for reconciliation, in place of the HTTP adapters of the same kinds.
            services.RemoveAll<Core.Discovery.ICredentialInventory>();
            services.AddSingleton(inventory);
        }
        _services = services.BuildServiceProvider();
        StorageProvisioner.EnsureAsync(Clients, CancellationToken.None).GetAwaiter().GetResult();
    }

    public StorageClients Clients { get; }

    public TimeProvider Time { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public Task<IntakeResult> DeliverAsync(string body, string queue = QueueNames.TokenEvents) =>
        Get<IntakeService>().HandleAsync(new IntakeMessage(queue, Guid.NewGuid().ToString("N"), body, 1), CancellationToken.None);

    public Task<SweepReport> SweepAsync(SweepMode mode = SweepMode.Normal) => Get<SweepService>().RunAsync(mode, CancellationToken.None);

    /// <summary>Handles every revocation request, waiting out retry delays, until the queue is empty.</summary>
    public async Task<List<RevocationResult?>> DrainRevocationsAsync()
    {
        var queue = Clients.Queues.GetQueueClient(QueueNames.Revocations);
        var results = new List<RevocationResult?>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var batch = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(1))).Value;
            foreach (var m in batch)
            {
                results.Add(await Get<RevocationMessageService>().HandleAsync(
                    m.MessageId, m.Body.ToString(), CancellationToken.None));
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
            if (batch.Length == 0 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0) break;
            if (batch.Length == 0) await Task.Delay(200);
        }
        return results;
    }

    public async Task<List<Core.Ledger.LedgerEntry>> HistoryAsync(string tokenId)
    {
        var list = new List<Core.Ledger.LedgerEntry>();
        await foreach (var e in Get<ITokenStore>().ReadChainAsync(tokenId, CancellationToken.None)) list.Add(e);
        return list;
    }

    /// <summary>Every string property of every table row and every queue message body, for the no-secrets scan.</summary>
    public async Task<List<string>> EverythingStoredAsync()
    {
        var all = new List<string>();
        await foreach (var t in Clients.Tables.QueryAsync())
            await foreach (var row in Clients.Tables.GetTableClient(t.Name).QueryAsync<TableEntity>())
                all.AddRange(((IDictionary<string, object>)row).Values.OfType<string>());
        await foreach (var q in Clients.Queues.GetQueuesAsync())
        {
            QueueClient client = Clients.Queues.GetQueueClient(q.Name);
            all.AddRange((await client.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()));
        }
        return all;
    }

    public void Dispose() => _services.Dispose();
}
