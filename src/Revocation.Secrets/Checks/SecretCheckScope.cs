namespace Revocation.Secrets.Checks;

/// <summary>Which references <see cref="SecretReferenceChecker"/> reads.</summary>
public enum SecretCheckScope
{
    /// <summary>
    /// <c>env:</c> and <c>local:</c> only: cheap and deterministic, so the app's start checks them and stops on a failure.
    /// Key Vault references are reported as <see cref="SecretReferenceStatus.NotChecked"/>.
    /// </summary>
    Local,

    /// <summary>Every reference, Key Vault included (<c>revctl doctor</c>).</summary>
    All,
}
