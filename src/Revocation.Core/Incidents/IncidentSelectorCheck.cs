using Revocation.Core.Events;
using Revocation.Core.Policy;

namespace Revocation.Core.Incidents;

/// <summary>
/// Checks a selector before anything is read: at least one indexed dimension, every value a valid identifier, and a
/// class or provider that the policy knows (a typo must not select nothing and look like a clean incident).
/// </summary>
public static class IncidentSelectorCheck
{
    /// <summary>Longest scope value (one item of a token's space-separated scope).</summary>
    public const int MaxScopeLength = 256;

    /// <summary>Why <paramref name="selector"/> cannot be used, naming the field with <paramref name="prefix"/> (<c>--</c> for the CLI, <c>$.data.selector.</c> for an event); null when it can.</summary>
    public static string? Problem(IncidentSelector selector, PolicyDocument policy, string prefix)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (ShapeProblem(selector, prefix) is { } problem) return problem;
        if (selector.Class is { } c && policy.FindClass(c) is null)
            return $"{prefix}class '{c}' is not a class of the policy (classes: {string.Join(", ", policy.Classes.Keys.Order(StringComparer.Ordinal))})";
        if (selector.Provider is { } p && !policy.Providers.ContainsKey(p))
            return $"{prefix}provider '{p}' is not a provider of the policy (providers: {string.Join(", ", policy.Providers.Keys.Order(StringComparer.Ordinal))})";
        return null;
    }

    /// <summary>The checks that need no policy (the event parser makes them): an indexed dimension, valid ids, one scope value.</summary>
    public static string? ShapeProblem(IncidentSelector selector, string prefix)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.HasNoIndexedDimension)
            return $"a selector must name at least one of {prefix}class, {prefix}provider, {prefix}holder, {prefix}source or {prefix}owner " +
                "(issuedBefore and scope only narrow it): an empty selector would mean the whole estate";
        foreach (var (name, value) in new[] { ("class", selector.Class), ("provider", selector.Provider), ("holder", selector.Holder),
            ("source", selector.Source), ("owner", selector.Owner) })
            if (value is not null && JsonFields.IdProblem(prefix + name, value) is { } problem) return problem;
        if (selector.Scope is { } s && (s.Length == 0 || s.Length > MaxScopeLength || s.Any(ch => char.IsControl(ch) || char.IsWhiteSpace(ch))))
            return $"{prefix}scope must be one scope value of 1–{MaxScopeLength} characters without spaces or control characters";
        return null;
    }
}
