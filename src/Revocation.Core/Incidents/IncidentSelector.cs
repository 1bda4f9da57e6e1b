using Revocation.Core.Policy;
using Revocation.Core.Tokens;

namespace Revocation.Core.Incidents;

/// <summary>
/// Which tokens an incident revokes: every dimension given must match (AND). <see cref="Class"/>, <see cref="Provider"/>,
/// <see cref="Holder"/>, <see cref="Source"/> and <see cref="Owner"/> find the candidates through an index; at least one
/// of them is required (<see cref="IncidentSelectorCheck"/>). <see cref="IssuedBefore"/> and <see cref="Scope"/> only
/// narrow what those found. Holder and owner compare as person ids; the rest exactly (docs/events.md).
/// </summary>
public sealed record IncidentSelector
{
    public string? Class { get; init; }

    /// <summary>A provider key of the policy: the tokens of every class it revokes.</summary>
    public string? Provider { get; init; }

    public string? Holder { get; init; }

    /// <summary>The publisher or partner that issued the token or last transferred it (<see cref="TokenView.Source"/>).</summary>
    public string? Source { get; init; }

    public string? Owner { get; init; }

    /// <summary>Tokens issued strictly before this time.</summary>
    public DateTimeOffset? IssuedBefore { get; init; }

    /// <summary>One scope value: tokens whose space-separated scope contains it.</summary>
    public string? Scope { get; init; }

    /// <summary>True when no indexed dimension is given (such a selector is refused: it would mean the whole estate).</summary>
    public bool HasNoIndexedDimension => Class is null && Provider is null && Holder is null && Source is null && Owner is null;

    /// <summary>True when <paramref name="token"/> is registered and matches every given dimension under <paramref name="policy"/>.</summary>
    public bool Matches(TokenRecord token, PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(policy);
        var view = token.View;
        if (!view.IsRegistered) return false;
        if (Class is not null && view.Class != Class) return false;
        if (Provider is not null && ProviderOf(token, policy) != Provider) return false;
        if (Holder is not null && (view.Holder is null || !PersonIds.Same(view.Holder, Holder))) return false;
        if (Source is not null && TokenSources.Of(token) != Source) return false;
        if (Owner is not null && (view.Owner is null || !PersonIds.Same(view.Owner, Owner))) return false;
        if (IssuedBefore is { } before && !(view.IssuedAt < before)) return false;
        if (Scope is not null && !(view.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(Scope, StringComparer.Ordinal)) return false;
        return true;
    }

    /// <summary>The provider key that revokes the token's class under <paramref name="policy"/>, or null when its class left the policy.</summary>
    public static string? ProviderOf(TokenRecord token, PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(policy);
        return token.View.Class is { } c && policy.FindClass(c) is { } cls ? cls.Provider : null;
    }

    /// <summary>The given dimensions, by name (for the ledger, the incident record and the CLI).</summary>
    public SortedDictionary<string, string> Describe()
    {
        var d = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Class is not null) d["class"] = Class;
        if (Provider is not null) d["provider"] = Provider;
        if (Holder is not null) d["holder"] = Holder;
        if (Source is not null) d["source"] = Source;
        if (Owner is not null) d["owner"] = Owner;
        if (IssuedBefore is { } t) d["issuedBefore"] = Ledger.LedgerHasher.Timestamp(t);
        if (Scope is not null) d["scope"] = Scope;
        return d;
    }
}
