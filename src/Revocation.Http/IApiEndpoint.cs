using Microsoft.AspNetCore.Http;

namespace Revocation.Http;

/// <summary>
/// One operation of the HTTP API, written once and hosted twice: by the Functions app (an HTTP trigger per endpoint,
/// behind function keys) and by <c>revctl run</c> (Kestrel on a loopback port). Both serve it at <c>POST /api/{Route}</c>.
/// An endpoint answers every input itself (problem+json for a bad request) and never throws for a client's mistake.
/// </summary>
public interface IApiEndpoint
{
    /// <summary>The path under <c>/api/</c>, e.g. <c>decisions</c>.</summary>
    string Route { get; }

    Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken);
}
