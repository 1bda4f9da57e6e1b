using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Storage;

namespace Revocation.Functions;

/// <summary>Intake of <c>identity-events</c>: binds the message and hands it to the intake service.</summary>
public sealed class IdentityEventsFunction(IntakeService intake, ILogger<IdentityEventsFunction> logger)
{
    [Function(nameof(IdentityEventsFunction))]
    public Task<IntakeResult> RunAsync(
        [QueueTrigger(QueueNames.IdentityEvents, Connection = StorageClients.ConnectionName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        IntakeTrigger.RunAsync(intake, logger, QueueNames.IdentityEvents, message, cancellationToken);
}
