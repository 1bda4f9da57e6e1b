using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Revocation.Http.Signals;

namespace Revocation.Functions;

/// <summary>
/// <c>POST /api/signals</c>: signed Security Event Tokens pushed by registered transmitters (RFC 8935; docs/partners.md).
/// Two checks: a function key (the transmitter's push URL carries <c>?code=</c>, or it sends <c>x-functions-key</c>; one
/// named key per transmitter, revocable alone), so the open internet does not reach verification, and the SET's
/// signature against the transmitter's registered keys, which is what authenticates the events.
/// </summary>
public sealed class SignalsFunction(SignalsEndpoint endpoint)
{
    [Function(nameof(SignalsFunction))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "signals")] HttpRequest request, CancellationToken cancellationToken) =>
        new ApiResult(await endpoint.HandleAsync(request, cancellationToken));
}
