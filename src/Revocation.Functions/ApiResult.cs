using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Revocation.Functions;

/// <summary>
/// An API endpoint's answer (<see cref="IResult"/>) as the <see cref="IActionResult"/> the Functions ASP.NET Core
/// integration documents for HTTP triggers. A trigger is one line over its endpoint:
/// <code>
/// [Function("Decisions")]
/// public async Task&lt;IActionResult&gt; Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "decisions")] HttpRequest request, CancellationToken ct)
///     =&gt; new ApiResult(await endpoint.HandleAsync(request, ct));
/// </code>
/// </summary>
public sealed class ApiResult(IResult result) : IActionResult
{
    public IResult Result { get; } = result;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result.ExecuteAsync(context.HttpContext);
    }
}
