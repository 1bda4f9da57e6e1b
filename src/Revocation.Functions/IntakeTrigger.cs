using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Revocation.Core.Intake;

namespace Revocation.Functions;

/// <summary>The body both intake triggers share: map the message, call the intake, let failures reach the host.</summary>
internal static class IntakeTrigger
{
    public static async Task<IntakeResult> RunAsync(
        IntakeService intake, ILogger logger, string queue, QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return await intake.HandleAsync(new IntakeMessage(queue, message.MessageId, message.Body.ToString(), message.DequeueCount), cancellationToken);
        }
        catch (Exception e) when (QueueFailureLog.LogIfLastAttempt(logger, queue, message.MessageId, message.DequeueCount, e))
        {
            throw;
        }
    }
}
