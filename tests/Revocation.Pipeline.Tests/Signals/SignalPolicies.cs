using Revocation.Core.Events;

namespace Revocation.Pipeline.Tests.Signals;

/// <summary>The pipeline tests' policy (<see cref="Events.Policy"/>) with two registered transmitters.</summary>
internal static class SignalPolicies
{
    public const string Audience = "https://revocation.contoso.test/api/signals";
    public const string PartnerIssuer = "https://acme.example/";
    public const string SlowIssuer = "https://slow.example/";

    /// <summary>
    /// <c>acme</c> (source <c>urn:partner</c>, which class <c>batch</c> lets transfer) may send our transfers, RISC
    /// account-disabled and credential-compromise, and CAEP credential-change, but not our issuance; <c>slow</c>'s JWKS hangs.
    /// </summary>
    public static string With(string policy, TestTransmitter partner) => policy.Replace("\"sweep\":", $$"""
        "transmitters": {
          "acme": {
            "issuer": "{{PartnerIssuer}}", "source": "urn:partner", "audience": "{{Audience}}", "jwksUri": "{{partner.JwksUri}}",
            "algorithms": ["RS256"],
            "events": ["{{SetEventTypes.OwnPrefix}}token.transferred", "{{SetEventTypes.RiscAccountDisabled}}",
                       "{{SetEventTypes.RiscCredentialCompromise}}", "{{SetEventTypes.CaepCredentialChange}}"]
          },
          "slow": {
            "issuer": "{{SlowIssuer}}", "source": "urn:slow", "audience": "{{Audience}}", "jwksUri": "{{partner.HangingJwksUri}}",
            "events": ["{{SetEventTypes.RiscAccountDisabled}}"]
          }
        },
        "sweep":
        """, StringComparison.Ordinal);
}
