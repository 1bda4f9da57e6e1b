using Microsoft.Extensions.Options;
using Revocation.Core.Access;

namespace Revocation.Http;

/// <summary>
/// Writes the decisions' coalesced uses and denials every <see cref="DecisionOptions.UsageWriteInterval"/> and once more at
/// shutdown (<see cref="DecisionRecorder.FlushAsync"/>). The Functions app runs it as a hosted service; <c>revctl run</c>
/// starts and stops it with its HTTP API.
/// </summary>
public sealed class DecisionFlushService(DecisionRecorder recorder, IOptions<DecisionOptions> options, TimeProvider time)
    : PeriodicFlushService(options.Value.UsageWriteInterval, time)
{
    protected override Task FlushAsync(CancellationToken cancellationToken) => recorder.FlushAsync(cancellationToken);
}
