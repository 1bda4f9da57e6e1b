using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Revocation.Storage;

/// <summary>
/// Builds the storage clients from the <c>RevocationStorage</c> setting, the same connection the queue triggers
/// use: a connection string locally (<c>UseDevelopmentStorage=true</c> or Azurite's), or in Azure the section
/// <c>RevocationStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__credential=managedidentity</c>,
/// <c>__clientId</c> (credential built by Microsoft.Extensions.Azure's component factory).
/// <para><see cref="Queues"/> sends and receives base64 (host.json <c>messageEncoding</c>); <see cref="RawQueues"/>
/// does not decode, for consumers that must see a message that is not base64 instead of failing the whole receive.</para>
/// </summary>
public sealed record StorageClients(TableServiceClient Tables, QueueServiceClient Queues, QueueServiceClient RawQueues)
{
    public const string ConnectionName = "RevocationStorage";

    /// <param name="connectionString">A storage connection string (shared key or SAS; Azurite locally).</param>
    /// <param name="counter">Counts requests, when given.</param>
    /// <param name="configure">Adjusts each client's options (transport, extra policies) after the defaults; null for none.</param>
    public static StorageClients FromConnectionString(string connectionString, StorageRequestCounter? counter = null, Action<ClientOptions>? configure = null)
    {
        var (tableOptions, queueOptions, rawOptions) = Options(counter, configure);
        return new StorageClients(new TableServiceClient(connectionString, tableOptions),
            new QueueServiceClient(connectionString, queueOptions), new QueueServiceClient(connectionString, rawOptions));
    }

    public static StorageClients FromConfiguration(IConfiguration configuration, AzureComponentFactory factory, StorageRequestCounter? counter = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(factory);
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value)) return FromConnectionString(section.Value, counter);
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        if (tableUri is null || queueUri is null)
            throw new InvalidOperationException(
                $"setting {ConnectionName} is missing: set it to a connection string (UseDevelopmentStorage=true locally) or set " +
                $"{ConnectionName}__tableServiceUri and {ConnectionName}__queueServiceUri with {ConnectionName}__credential=managedidentity");
        TokenCredential credential = factory.CreateTokenCredential(section);
        var (tableOptions, queueOptions, rawOptions) = Options(counter);
        return new StorageClients(new TableServiceClient(new Uri(tableUri), credential, tableOptions),
            new QueueServiceClient(new Uri(queueUri), credential, queueOptions), new QueueServiceClient(new Uri(queueUri), credential, rawOptions));
    }

    /// <summary>Clients for <paramref name="tableEndpoint"/> and <paramref name="queueEndpoint"/> (https) that send an
    /// Entra ID bearer token from <paramref name="credential"/> and never a shared key.</summary>
    /// <param name="tableEndpoint">The table service endpoint, e.g. https://NAME.table.core.windows.net.</param>
    /// <param name="queueEndpoint">The queue service endpoint, e.g. https://NAME.queue.core.windows.net.</param>
    /// <param name="credential">Gives the bearer tokens (audience https://storage.azure.com).</param>
    /// <param name="counter">Counts requests, when given.</param>
    /// <param name="configure">Adjusts each client's options (transport, extra policies) after the defaults; null for none.</param>
    public static StorageClients FromEndpoints(Uri tableEndpoint, Uri queueEndpoint, TokenCredential credential,
        StorageRequestCounter? counter = null, Action<ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        var (tableOptions, queueOptions, rawOptions) = Options(counter, configure);
        return new StorageClients(new TableServiceClient(tableEndpoint, credential, tableOptions),
            new QueueServiceClient(queueEndpoint, credential, queueOptions), new QueueServiceClient(queueEndpoint, credential, rawOptions));
    }

    /// <summary>
    /// The SDK's defaults (3 retries, exponential from 0.8 s up to 1 min, a 100 s network timeout per try) let one
    /// request on a dead connection stall for minutes after storage is back. Bounded here: 3 retries, 0.5 s doubling
    /// up to 4 s, 30 s per try; callers that must outlast a longer outage retry themselves (queue redelivery, the
    /// local host's receive back-off).
    /// </summary>
    private static void BoundRetries(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromMilliseconds(500);
        retry.MaxDelay = TimeSpan.FromSeconds(4);
        retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    private static (TableClientOptions, QueueClientOptions, QueueClientOptions) Options(StorageRequestCounter? counter, Action<ClientOptions>? configure = null)
    {
        var tableOptions = new TableClientOptions();
        // The Functions host decodes queue messages as base64 by default (host.json messageEncoding).
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var rawOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        foreach (var options in new ClientOptions[] { tableOptions, queueOptions, rawOptions }) BoundRetries(options.Retry);
        if (counter is not null)
        {
            tableOptions.AddPolicy(counter.Tables, HttpPipelinePosition.PerRetry);
            queueOptions.AddPolicy(counter.Queues, HttpPipelinePosition.PerRetry);
            rawOptions.AddPolicy(counter.Queues, HttpPipelinePosition.PerRetry);
        }
        if (configure is not null)
            foreach (var options in new ClientOptions[] { tableOptions, queueOptions, rawOptions }) configure(options);
        return (tableOptions, queueOptions, rawOptions);
    }
}
