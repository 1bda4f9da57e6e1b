using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Revocation.Signals;

namespace Revocation.Http.Signals;

/// <summary>
/// <c>POST /api/signals</c>: RFC 8935 push delivery of a signed Security Event Token (<c>application/secevent+jwt</c>) from a
/// registered transmitter (docs/partners.md). 202 with no body once the event is durably queued; 400 with
/// <c>{"err","description"}</c> and an RFC 8935 code otherwise (not problem+json: RFC 8935 §2.3 fixes this shape). A body
/// over <see cref="SignalOptions.MaxBodyBytes"/> is refused <c>invalid_request</c> after reading at most that plus one byte.
/// </summary>
public sealed class SignalsEndpoint(SignalService signals, IOptions<SignalOptions> options) : IApiEndpoint
{
    public string Route => "signals";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await BoundedBody.ReadAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        var answer = await signals.ReceiveAsync(new SignalRequest(request.ContentType, body ?? [], Oversize: body is null), cancellationToken);
        return answer.Accepted
            ? Results.StatusCode(StatusCodes.Status202Accepted)
            : Results.Json(new Dictionary<string, string?> { ["err"] = answer.Err, ["description"] = answer.Description },
                statusCode: StatusCodes.Status400BadRequest);
    }
}
