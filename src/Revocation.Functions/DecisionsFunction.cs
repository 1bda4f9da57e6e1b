using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Revocation.Http;

namespace Revocation.Functions;

/// <summary>
/// <c>POST /api/decisions</c> (docs/decisions.md). <see cref="AuthorizationLevel.Function"/>: the Functions host answers
/// 401 to a request without a valid function key before the worker sees it; App Service authentication (Entra ID), when
/// enabled in infra/, also runs before it.
/// </summary>
public sealed class DecisionsFunction(DecisionsEndpoint endpoint)
{
    public const string Route = "decisions";

    [Function(nameof(DecisionsFunction))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route)] HttpRequest request, CancellationToken cancellationToken) =>
        new ApiResult(await endpoint.HandleAsync(request, cancellationToken));
}
