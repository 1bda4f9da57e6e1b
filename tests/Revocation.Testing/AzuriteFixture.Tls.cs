namespace Revocation.Testing;

public sealed partial class AzuriteFixture
{
    /// <summary>
    /// Starts Azurite over https with <paramref name="tls"/>'s certificate and bearer-token checks (<c>--oauth basic</c>:
    /// a JWT's lifetime, issuer and audience, not its signature). Shared keys keep working. Callers trust the certificate
    /// with <see cref="AzuriteTls.CreateHandler"/>; dispose the result to stop it.
    /// </summary>
    public static async Task<AzuriteFixture> StartAsync(AzuriteTls tls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var fixture = new AzuriteFixture { _tls = tls };
        try
        {
            await fixture.StartCoreAsync(cancellationToken);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }
}
