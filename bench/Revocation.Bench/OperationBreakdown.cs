using System.Collections.Concurrent;
using System.Diagnostics;

namespace Revocation.Bench;

/// <summary>
/// Counts Azure SDK client operations by name (<c>TableClient.SubmitTransaction</c>, <c>TableClient.UpsertEntity</c>, ...)
/// from the SDK's DiagnosticListener scopes, to show where a request count comes from. One operation is one request
/// unless it was retried or paged (the <see cref="Revocation.Storage.StorageRequestCounter"/> counts requests).
/// </summary>
internal sealed class OperationBreakdown : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string StartSuffix = ".Start";
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public OperationBreakdown() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public void Reset() => _counts.Clear();

    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        [.. _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)];

    public void OnNext(DiagnosticListener value)
    {
        if (!value.Name.StartsWith("Azure.", StringComparison.Ordinal) || value.Name.StartsWith("Azure.Core", StringComparison.Ordinal)) return;
        lock (_subscriptions) _subscriptions.Add(value.Subscribe(this, (name, _, _) => true));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key.EndsWith(StartSuffix, StringComparison.Ordinal))
            _counts.AddOrUpdate(value.Key[..^StartSuffix.Length], 1, (_, n) => n + 1);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }
}
