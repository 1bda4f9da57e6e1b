using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Revocation.Signals;

namespace Revocation.Cli.Commands;

/// <summary><c>revctl signals send</c>: sign a SET from a local private key and push it (RFC 8935), printing the receiver's answer.</summary>
internal static class SignalsSendCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The SET's claims without iss/aud/iat (a JSON object with events, and sub_id if needed); '-' for stdin" };
        var key = new Option<string>("--key") { Description = "The private JWK to sign with (revctl signals keygen)", Required = true };
        var issuer = new Option<string>("--issuer") { Description = "iss: the transmitter's registered issuer", Required = true };
        var audience = new Option<string>("--audience") { Description = "aud: the receiver's registered audience", Required = true };
        var url = new Option<string>("--url")
        {
            Description = "The receiver's endpoint (default: revctl run's, http://127.0.0.1:7071/api/signals)",
            DefaultValueFactory = _ => "http://127.0.0.1:7071/api/signals",
        };
        var functionKey = new Option<string?>("--function-key")
        {
            Description = "The Functions app's function key for the endpoint, sent as x-functions-key (env REVOCATION_FUNCTION_KEY)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("REVOCATION_FUNCTION_KEY"),
        };
        var command = new Command("send", "Sign a SET with a local private key and POST it to /api/signals; prints the answer (202, or the RFC 8935 " +
            "err and description) and exits 0 when accepted, 1 when refused. jti is a new id unless FILE has one; iat is now.\n\n" +
            "Example: revctl signals send samples/signals/transfer.set.json --key partner.jwk --issuer https://partner.example/ --audience https://revocation.example/api/signals")
            { file, key, issuer, audience, url, functionKey };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var path = parse.GetValue(file)!;
            if (path != "-" && !File.Exists(path)) throw new UsageException($"file not found: {path}");
            var claims = ReadClaims(path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct), path);
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
                throw new UsageException($"--url must be an absolute http(s) URL, not '{parse.GetValue(url)}'");
            var jwk = SetKeys.ReadPrivate(await SignalsCommand.ReadKeyAsync(parse.GetValue(key)!, ct));
            claims["iss"] = parse.GetValue(issuer);
            claims["aud"] = parse.GetValue(audience);
            claims["iat"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            claims["jti"] ??= Guid.NewGuid().ToString();
            var set = SetSigner.Sign(claims, jwk, string.IsNullOrEmpty(jwk.Alg) ? (jwk.Kty == "EC" ? "ES256" : "RS256") : jwk.Alg);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(set) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(SignalService.MediaType);
            if (parse.GetValue(functionKey) is { Length: > 0 } code) request.Headers.Add("x-functions-key", code);
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var jti = claims["jti"]!.ToString();
            var (err, description) = Answer(body);
            if (settings.Json) Output.WriteJson(new { jti, status = (int)response.StatusCode, err, description });
            else Console.Out.WriteLine($"{jti}\t{(int)response.StatusCode}\t{err ?? (response.IsSuccessStatusCode ? "accepted" : "")}\t{description}");
            return response.StatusCode == System.Net.HttpStatusCode.Accepted ? CliApp.Ok : CliApp.Failure;
        }));
        return command;
    }

    private static JsonObject ReadClaims(string text, string path)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject claims && claims["events"] is JsonObject) return claims;
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not JSON: {e.Message.Split('\n')[0]}");
        }
        throw new UsageException($"{path} must be a JSON object with an events object (the SET's claims without iss, aud and iat)");
    }

    private static (string? Err, string? Description) Answer(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return (doc.RootElement.TryGetProperty("err", out var e) ? e.GetString() : null,
                doc.RootElement.TryGetProperty("description", out var d) ? d.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, body.Length > 200 ? body[..200] : body);
        }
    }
}
