using Azure.Core;
using Azure.Identity;
using Revocation.Storage;

namespace Revocation.Cli.Hosting;

/// <summary>
/// How revctl reaches the storage that <c>--storage</c> names (<see cref="StorageTarget"/>): a connection string with its
/// shared key (Azurite), or an account name or endpoints with an Entra ID token from <see cref="OperatorCredential"/>.
/// </summary>
internal static class StorageAccess
{
    private static readonly AsyncLocal<Override?> Current = new();

    /// <summary>The one-line hint when no credential gave a token.</summary>
    public const string SignInHint =
        "no Entra ID sign-in for storage: run 'az login' (or sign in to Visual Studio, set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, " +
        "or run where a managed identity is assigned), or pass a connection string to --storage";

    private const string RoleHint =
        ": the signed-in identity lacks a data role; an operator needs Storage Table Data Contributor and Storage Queue Data " +
        "Contributor, an auditor Storage Table Data Reader and Storage Queue Data Reader (docs/deploy.md)";

    /// <summary>Parses <paramref name="storage"/>; a malformed value is a usage error (exit 2) naming the accepted forms.</summary>
    public static StorageTarget Target(string storage)
    {
        try
        {
            return StorageTarget.Parse(storage);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--storage / REVOCATION_STORAGE: {e.Message}");
        }
    }

    /// <summary>The clients for <paramref name="target"/>, counted by <paramref name="counter"/>.</summary>
    public static StorageClients Connect(StorageTarget target, StorageRequestCounter counter)
    {
        ArgumentNullException.ThrowIfNull(target);
        var testing = Current.Value;
        if (!target.UsesToken) return StorageClients.FromConnectionString(target.ConnectionString!, counter, testing?.Configure);
        return StorageClients.FromEndpoints(target.TableEndpoint!, target.QueueEndpoint!, testing?.Credential ?? OperatorCredential(), counter, testing?.Configure);
    }

    /// <summary>
    /// Explains a failure to get in: no credential gave a token (exit 2, naming <c>az login</c>), or storage refused the
    /// request (401/403, exit 1; naming the data roles when the identity lacks one). Null for any other failure.
    /// </summary>
    public static (int ExitCode, string Message)? Refusal(Exception e) => e switch
    {
        AuthenticationFailedException => (CliApp.Usage, SignInHint),
        Azure.RequestFailedException { Status: 401 or 403 } r => (CliApp.Failure, $"storage refused the request ({r.Status} {r.ErrorCode})" +
            (r.ErrorCode == "AuthorizationPermissionMismatch" ? RoleHint : "")),
        AggregateException { InnerExceptions.Count: > 0 } a => Refusal(a.InnerExceptions[0]),
        _ => e.InnerException is null ? null : Refusal(e.InnerException),
    };

    /// <summary>
    /// The operator's credential, tried in order: environment (a service principal in AZURE_* variables), the Azure CLI
    /// (<c>az login</c>), Visual Studio, then managed identity (AZURE_CLIENT_ID selects a user-assigned one). Never an
    /// interactive prompt: revctl runs in scripts and pipelines too.
    /// </summary>
    public static TokenCredential OperatorCredential()
    {
        var clientId = Environment.GetEnvironmentVariable("AZURE_CLIENT_ID");
        var managedIdentity = string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId);
        return new ChainedTokenCredential(
            new EnvironmentCredential(),
            new AzureCliCredential(),
            new VisualStudioCredential(),
            new ManagedIdentityCredential(managedIdentity));
    }

    /// <summary>
    /// For tests, within the calling async flow only: storage reached with <paramref name="credential"/> instead of
    /// <see cref="OperatorCredential"/>, and every client's options adjusted by <paramref name="configure"/> (a transport
    /// that trusts a test certificate, a policy that records requests). Dispose to restore.
    /// </summary>
    public static IDisposable OverrideForTesting(TokenCredential? credential, Action<Azure.Core.ClientOptions>? configure)
    {
        var previous = Current.Value;
        Current.Value = new Override(credential, configure);
        return new Restore(() => Current.Value = previous);
    }

    private sealed record Override(TokenCredential? Credential, Action<Azure.Core.ClientOptions>? Configure);

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
