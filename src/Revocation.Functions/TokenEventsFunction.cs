using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Storage;

namespace Revocation.Functions;

/// <summary>Intake of <c>token-events</c>: binds the message and hands it to the intake service.</summary>
public sealed class TokenEventsFunction(IntakeService intake, ILogger<TokenEventsFunction> logger)
{
    [Function(nameof(TokenEventsFunction))]
    public async Task<IntakeResult> RunAsync(
        [QueueTrigger(QueueNames.TokenEvents, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return await intake.HandleAsync(new IntakeMessage(QueueNames.TokenEvents, message.MessageId, message.Body.ToString(), message.DequeueCount), cancellationToken);
        }
        catch (Exception e) when (QueueFailureLog.LogIfLastAttempt(logger, QueueNames.TokenEvents, message.MessageId, message.DequeueCount, e))
        {
            throw;
        }
    }
}
