using System.Text.Json;
using Revocation.Core.Events;

namespace Revocation.Core.Intake;

/// <summary>The details of an event as kept in its ledger entry: what the event said, never a token value.</summary>
internal static class EventData
{
    public static string For(TokenEvent e) => e switch
    {
        TokenIssued i => Json(Discovered(i, new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["class"] = i.Class, ["owner"] = i.Owner, ["holder"] = i.Holder, ["issuedAt"] = i.IssuedAt, ["expiresAt"] = i.ExpiresAt,
            ["scope"] = i.Scope, ["approvalId"] = i.Approval?.Id, ["approvalExpiresAt"] = i.Approval?.ExpiresAt,
            ["credentialHandle"] = i.Credential.Handle, ["credentialSecretRef"] = i.Credential.SecretRef,
        })),
        TokenTransferred t => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["fromOwner"] = t.FromOwner, ["toOwner"] = t.ToOwner, ["reason"] = t.Reason,
        }),
        TokenUsed u => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["usedAt"] = u.UsedAt }),
        TokenRetired r => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["reason"] = r.Reason }),
        TokenCompromised c => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["credentialType"] = c.CredentialType, ["reason"] = c.Reason,
        }),
        TokenCredentialChanged c => Json(new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["changeType"] = c.ChangeType, ["credentialType"] = c.CredentialType, ["reason"] = c.Reason,
        }),
        _ => "{}",
    };

    /// <summary>A discovery's provider facts, added only for a discovered token (an issuance's data is unchanged).</summary>
    private static SortedDictionary<string, object?> Discovered(TokenIssued i, SortedDictionary<string, object?> data)
    {
        if (i.Discovered is not { } d) return data;
        data["provider"] = d.Provider;
        data["unclassified"] = d.Unclassified;
        data["container"] = d.Container;
        data["displayName"] = d.DisplayName;
        data["credentialKind"] = d.Kind;
        return data;
    }

    public static string Json(IDictionary<string, object?> fields) => JsonSerializer.Serialize(fields);
}
