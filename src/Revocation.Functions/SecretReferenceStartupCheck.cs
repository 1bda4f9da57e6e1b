using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Revocation.Core.Policy;
using Revocation.Secrets.Checks;

namespace Revocation.Functions;

/// <summary>
/// Stops the app's start when a provider's <c>env:</c> or <c>local:</c> secret reference does not resolve, listing each
/// (provider, field, reference; never a value). Key Vault references are not read here: a transient failure at start
/// must not keep the app down, so they are logged as unchecked and <c>revctl doctor</c> reads them.
/// Runs in <see cref="StartingAsync"/>, before any trigger listens.
/// </summary>
internal sealed partial class SecretReferenceStartupCheck(
    SecretReferenceChecker checker, PolicyDocument policy, ILogger<SecretReferenceStartupCheck> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var results = await checker.CheckAsync(policy, SecretCheckScope.Local, cancellationToken);
        var failures = results.Where(r => r.Status == SecretReferenceStatus.Unresolvable).ToList();
        if (failures.Count > 0)
            throw new InvalidOperationException(
                $"secret references that cannot resolve: {string.Join("; ", failures)}. Set them (app settings for env:) or use " +
                $"Key Vault secret URIs, then restart; `revctl doctor` checks every reference.");
        var notChecked = results.Count(r => r.Status == SecretReferenceStatus.NotChecked);
        if (notChecked > 0) LogKeyVaultNotChecked(logger, notChecked);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5100, EventName = "KeyVaultReferencesNotChecked", Level = LogLevel.Information,
        Message = "{Count} Key Vault secret reference(s) not read at start; revctl doctor reads them")]
    private static partial void LogKeyVaultNotChecked(ILogger logger, int count);
}
