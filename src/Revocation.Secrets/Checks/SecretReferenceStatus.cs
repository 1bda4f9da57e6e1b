namespace Revocation.Secrets.Checks;

/// <summary>What <see cref="SecretReferenceChecker"/> found for one reference.</summary>
public enum SecretReferenceStatus
{
    /// <summary>The store returned a value (which was discarded at once).</summary>
    Resolved,

    /// <summary>The reference names nothing, or its store cannot be reached or refuses: a revocation would fail.</summary>
    Unresolvable,

    /// <summary>Not checked in this scope (Key Vault at start: a transient failure must not stop the app).</summary>
    NotChecked,
}
