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
    public Task<IntakeResult> RunAsync(
        [QueueTrigger(QueueNames.TokenEvents, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        IntakeTrigger.RunAsync(intake, logger, QueueNames.TokenEvents, message, cancellationToken);
}
