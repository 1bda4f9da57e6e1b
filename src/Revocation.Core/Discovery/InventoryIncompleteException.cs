namespace Revocation.Core.Discovery;

/// <summary>A provider's listing could not be completed: nothing may be concluded from what was read (see <see cref="ICredentialInventory"/>).</summary>
public sealed class InventoryIncompleteException : Exception
{
    public InventoryIncompleteException(string provider, string reason, Exception? inner = null)
        : base($"listing of provider '{provider}' incomplete: {reason}", inner)
    {
        Provider = provider;
        Reason = reason;
    }

    public InventoryIncompleteException() : this("(unknown)", "incomplete")
    {
    }

    public InventoryIncompleteException(string message) : this("(unknown)", message)
    {
    }

    public InventoryIncompleteException(string message, Exception innerException) : this("(unknown)", message, innerException)
    {
    }

    public string Provider { get; }

    /// <summary>Short, one line, never a secret: names the provider's answer (status, error code) or the cap reached.</summary>
    public string Reason { get; }
}
