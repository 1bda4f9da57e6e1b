using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Revocation.Testing;

/// <summary>
/// A self-signed certificate for 127.0.0.1, written as PEM files for Azurite's <c>--cert</c>/<c>--key</c>, and an
/// HTTP handler that trusts exactly this certificate (by its SHA-256 hash) and nothing else unknown. The Azure SDK sends
/// bearer tokens only over https, and Azurite checks them (<c>--oauth basic</c>) only over https.
/// </summary>
public sealed class AzuriteTls : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "azurite-tls-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _certificateHash;

    public AzuriteTls()
    {
        Directory.CreateDirectory(_folder);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        _certificateHash = certificate.GetCertHash(HashAlgorithmName.SHA256);
        CertificatePath = Path.Combine(_folder, "cert.pem");
        KeyPath = Path.Combine(_folder, "key.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The certificate, PEM.</summary>
    public string CertificatePath { get; }

    /// <summary>Its private key, PKCS#8 PEM.</summary>
    public string KeyPath { get; }

    /// <summary>Whether <paramref name="certificate"/> is this one.</summary>
    public bool IsThisCertificate(X509Certificate? certificate) =>
        certificate is not null && CryptographicOperations.FixedTimeEquals(
            certificate.GetCertHash(HashAlgorithmName.SHA256), _certificateHash);

    /// <summary>A handler that accepts a server presenting this certificate, or one that validates normally.</summary>
    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || IsThisCertificate(certificate),
        },
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
