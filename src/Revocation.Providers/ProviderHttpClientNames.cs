namespace Revocation.Providers;

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients, one per provider kind.</summary>
public static class ProviderHttpClientNames
{
    public const string OAuth2 = "Revocation.Providers.oauth2";
    public const string Graph = "Revocation.Providers.graph";
    public const string GitHub = "Revocation.Providers.github";
    public const string Webhook = "Revocation.Providers.webhook";
}
