using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Revocation.Http;

/// <summary>
/// The function-key check as the Functions host does it for <c>AuthorizationLevel.Function</c>: a key in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter, else 401 before the endpoint runs. In Azure the host
/// checks it (the worker never sees a request without a valid key); <c>revctl run</c> applies this check itself when it has a
/// key (<c>REVCTL_API_KEY</c>). Keys compare in constant time.
/// </summary>
public sealed class ApiKeyCheck(string key)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    /// <summary>The environment variable that gives <c>revctl run</c> its key.</summary>
    public const string EnvironmentVariable = "REVCTL_API_KEY";

    // Compared as SHA-256 digests: constant time, and the key's length does not show either.
    private readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(key ?? throw new ArgumentNullException(nameof(key))));

    public bool Accepts(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var given = request.Headers[HeaderName].FirstOrDefault() ?? request.Query[QueryName].FirstOrDefault();
        if (string.IsNullOrEmpty(given)) return false;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _digest);
    }

    /// <summary>Middleware: 401 (with <c>WWW-Authenticate</c>) for a request under <c>/api/</c> without the key.</summary>
    public RequestDelegate Wrap(RequestDelegate next) => async context =>
    {
        if (context.Request.Path.StartsWithSegments("/api") && !Accepts(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "FunctionKey";
            return;
        }
        await next(context);
    };
}
