using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Storage;

namespace Revocation.Functions;

/// <summary>The revocation worker: one request per message, through the core's revocation service.</summary>
public sealed class RevocationsFunction(RevocationMessageService revocations, ILogger<RevocationsFunction> logger)
{
    [Function(nameof(RevocationsFunction))]
    public async Task<RevocationResult?> RunAsync(
        [QueueTrigger(QueueNames.Revocations, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return await revocations.HandleAsync(message.MessageId, message.Body.ToString(), cancellationToken);
        }
        catch (Exception e) when (QueueFailureLog.LogIfLastAttempt(logger, QueueNames.Revocations, message.MessageId, message.DequeueCount, e))
        {
            throw;
        }
    }
}
