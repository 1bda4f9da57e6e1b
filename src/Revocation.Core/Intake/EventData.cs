using System.Text.Json;
using Revocation.Core.Events;

namespace Revocation.Core.Intake;

/// <summary>The details of an event as kept in its ledger entry: what the event said, never a token value.</summary>
internal static class EventData
{
    public static string For(TokenEvent e) => e switch
    {
        TokenIssued i => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["class"] = i.Class, ["owner"] = i.Owner, ["holder"] = i.Holder, ["issuedAt"] = i.IssuedAt, ["expiresAt"] = i.ExpiresAt,
            ["scope"] = i.Scope, ["approvalId"] = i.Approval?.Id, ["approvalExpiresAt"] = i.Approval?.ExpiresAt,
            ["credentialHandle"] = i.Credential.Handle, ["credentialSecretRef"] = i.Credential.SecretRef,
        }),
        TokenTransferred t => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["fromOwner"] = t.FromOwner, ["toOwner"] = t.ToOwner, ["reason"] = t.Reason,
        }),
        TokenUsed u => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["usedAt"] = u.UsedAt }),
        TokenRetired r => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["reason"] = r.Reason }),
        _ => "{}",
    };

    public static string Json(IDictionary<string, object?> fields) => JsonSerializer.Serialize(fields);
}
