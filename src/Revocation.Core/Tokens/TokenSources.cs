namespace Revocation.Core.Tokens;

/// <summary>Where a token came from (<see cref="TokenView.Source"/>), also for a state row written before that field existed.</summary>
public static class TokenSources
{
    /// <summary>The view's source, else derived from the inputs as <see cref="TokenFold"/> derives it (issuer, then each accepted transfer's source).</summary>
    public static string? Of(TokenRecord token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.View.Source is { } source) return source;
        if (token.Inputs.Issued is not { } issued) return null;
        var current = issued.Envelope.Source;
        foreach (var t in token.Inputs.Transfers)
            if (token.View.TransferDecisions.GetValueOrDefault(t.Envelope.Key) == Decisions.Accepted && t.Envelope.Source != TokenFold.PipelineSource)
                current = t.Envelope.Source;
        return current;
    }
}
