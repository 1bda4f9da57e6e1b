using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Revocation.Signals;

namespace Revocation.Cli.Commands;

/// <summary>
/// <c>revctl signals</c>: what a partner needs to push signed SETs (docs/partners.md): a key pair, the public JWKS to
/// register, and <c>send</c>, which signs a SET from a local private key and POSTs it to <c>/api/signals</c>.
/// </summary>
internal static class SignalsCommand
{
    public static Command Create()
    {
        var alg = new Option<string>("--alg") { Description = "ES256 (default), RS256 or PS256", DefaultValueFactory = _ => "ES256" };
        alg.AcceptOnlyFromAmong("ES256", "RS256", "PS256");
        var kid = new Option<string?>("--kid") { Description = "The key id (default: a new random one)" };
        var outFile = new Option<string>("--out") { Description = "Where to write the private JWK (created; never overwritten)", Required = true };
        var keygen = new Command("keygen", "Make a transmitter signing key: writes the private JWK to --out (owner-only), prints the public JWKS to register " +
            "in the policy's transmitters.NAME.keys.\n\nExample: revctl signals keygen --out partner.jwk") { alg, kid, outFile };
        keygen.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var path = parse.GetValue(outFile)!;
            if (File.Exists(path)) throw new UsageException($"{path} exists: refusing to overwrite a key");
            var jwk = SetKeys.Generate(parse.GetValue(alg)!, parse.GetValue(kid) ?? Guid.NewGuid().ToString("N")[..16]);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var file = new StreamWriter(path, System.Text.Encoding.UTF8, options)) await file.WriteAsync(jwk.ToJsonString());
            Console.Out.WriteLine(SetKeys.PublicJwks(jwk).ToJsonString(Output.JsonOptions));
            return CliApp.Ok;
        }));

        var keyFiles = new Argument<string[]>("KEYFILE") { Description = "Private JWK files (from keygen)", Arity = ArgumentArity.OneOrMore };
        var jwks = new Command("jwks", "Print the public JWKS of private JWK files (to register, or to serve at the transmitter's jwksUri).\n\n" +
            "Example: revctl signals jwks partner.jwk") { keyFiles };
        jwks.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var keys = new List<JsonObject>();
            foreach (var path in parse.GetValue(keyFiles)!) keys.Add(JsonNode.Parse(await ReadKeyAsync(path, ct))!.AsObject());
            Console.Out.WriteLine(SetKeys.PublicJwks([.. keys]).ToJsonString(Output.JsonOptions));
            return CliApp.Ok;
        }));
        return new Command("signals", "Signed Security Event Tokens for transmitters: keys, JWKS, and a test push (docs/partners.md).")
            { keygen, jwks, SignalsSendCommand.Create() };
    }

    /// <summary>A private JWK file's text; a missing file or one that is not a private RSA/EC JWK is a usage error naming why.</summary>
    internal static async Task<string> ReadKeyAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new UsageException($"key file not found: {path}");
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        try
        {
            SetKeys.ReadPrivate(text);
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            throw new UsageException($"{path} is not a private JWK: {e.Message.Split('\n')[0]}");
        }
        return text;
    }
}
