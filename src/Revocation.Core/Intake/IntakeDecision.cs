using Revocation.Core.Events;
using Revocation.Core.Tokens;

namespace Revocation.Core.Intake;

/// <summary>The ledger decision for an arriving token event, given the state before and after it.</summary>
internal static class IntakeDecision
{
    public static (string Decision, string? Reason) For(TokenEvent e, TokenRecord prior, TokenInputs inputs, TokenView view)
    {
        switch (e)
        {
            case TokenIssued i:
                if (inputs.Issued!.Envelope.Key != i.Envelope.Key) return (Decisions.Rejected, Reasons.DuplicateIssuance);
                if (!view.IsRegistered) return (Decisions.Rejected, Reasons.UnknownClass);
                return view.Flags.Count > 0 ? (Decisions.Flagged, string.Join(",", view.Flags)) : (Decisions.Accepted, null);
            case TokenTransferred t:
                if (!view.IsRegistered) return (Decisions.Pending, Reasons.AwaitingIssuance);
                var d = view.TransferDecisions.GetValueOrDefault(t.Envelope.Key, Decisions.Rejected);
                return d == Decisions.Accepted ? (Decisions.Accepted, t.Reason) : (Decisions.Rejected, d.Split(':').Last());
            case TokenUsed:
                if (!view.IsRegistered) return (Decisions.Pending, Reasons.AwaitingIssuance);
                return TokenStates.IsClosed(prior.State) ? (Decisions.Flagged, "used-after-revocation") : (Decisions.Accepted, null);
            default:
                return view.IsRegistered ? (Decisions.Accepted, null) : (Decisions.Pending, Reasons.AwaitingIssuance);
        }
    }
}
