using System.Text.Json;
using Revocation.Core.Policy;

namespace Revocation.Signals;

/// <summary>A SET whose signature, issuer, audience and freshness checked out: its one event, not yet mapped.</summary>
/// <param name="Transmitter">The registered transmitter its <c>iss</c> names.</param>
/// <param name="Jti">The SET's id: the CloudEvent id, so a replay is recorded once.</param>
/// <param name="IssuedAt">The <c>iat</c>.</param>
/// <param name="EventType">The one member name of the <c>events</c> claim.</param>
/// <param name="Payload">That member's value (an object).</param>
/// <param name="SubId">The top-level <c>sub_id</c> claim (OpenID SSF, RFC 9493), when present.</param>
public sealed record VerifiedSet(
    TransmitterPolicy Transmitter, string Jti, DateTimeOffset IssuedAt, string EventType, JsonElement Payload, JsonElement? SubId);
