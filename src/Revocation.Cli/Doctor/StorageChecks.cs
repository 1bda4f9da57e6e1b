using Azure;
using Revocation.Core.Events;
using Revocation.Core.Ledger;
using Revocation.Core.Storage;
using Revocation.Storage;

namespace Revocation.Cli.Doctor;

/// <summary>The storage checks of <c>revctl doctor</c>. Reads only: never creates a table or queue, never moves a message.</summary>
internal sealed class StorageChecks(StorageClients clients, ITokenStore store, TimeProvider time)
{
    /// <summary>Clock skew against the storage service's <c>Date</c> header: warn above 1 min, fail above 5 min.</summary>
    public static readonly TimeSpan SkewWarn = TimeSpan.FromMinutes(1), SkewFail = TimeSpan.FromMinutes(5);

    /// <summary>A guard trip this recent is reported as a warning.</summary>
    public static readonly TimeSpan GuardWindow = TimeSpan.FromHours(24);

    /// <summary>The ledger entry type a sweep records on the system chain when its guard stops it (SweepService).</summary>
    private const string GuardTripped = "sweep.guard-tripped";

    public DateTimeOffset? ServerDate { get; private set; }

    public async Task<DoctorCheck> ReachableAndProvisionedAsync(CancellationToken cancellationToken)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var page in clients.Tables.QueryAsync(cancellationToken: cancellationToken).AsPages())
        {
            ServerDate ??= page.GetRawResponse().Headers.Date;
            foreach (var t in page.Values) tables.Add(t.Name);
        }
        var queues = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var q in clients.Queues.GetQueuesAsync(cancellationToken: cancellationToken)) queues.Add(q.Name);
        var missing = TableNames.All.Where(t => !tables.Contains(t)).Select(t => "table " + t)
            .Concat(QueueNames.All.SelectMany(q => new[] { q, QueueNames.Poison(q) }).Where(q => !queues.Contains(q)).Select(q => "queue " + q))
            .ToList();
        return missing.Count == 0
            ? DoctorCheck.Ok("storage", $"reachable; {TableNames.All.Count} tables and {QueueNames.All.Count * 2} queues present")
            : DoctorCheck.Fail("storage", $"reachable but not provisioned: missing {string.Join(", ", missing)} (infra/ creates them; locally revctl run)");
    }

    public DoctorCheck Clock()
    {
        if (ServerDate is not { } server) return DoctorCheck.Warn("clock", "storage sent no Date header: skew not measured");
        var skew = time.GetUtcNow() - server;
        var size = skew.Duration();
        var detail = $"local clock {(skew >= TimeSpan.Zero ? "ahead of" : "behind")} storage by {size.TotalSeconds:0} s (Date header, 1 s resolution)";
        return size > SkewFail ? DoctorCheck.Fail("clock", detail + "; expiry and idle decisions would be off")
            : size > SkewWarn ? DoctorCheck.Warn("clock", detail)
            : DoctorCheck.Ok("clock", detail);
    }

    public async Task<DoctorCheck> PoisonAsync(CancellationToken cancellationToken)
    {
        var found = new List<string>();
        foreach (var queue in QueueNames.All)
        {
            var poison = clients.RawQueues.GetQueueClient(QueueNames.Poison(queue));
            try
            {
                var count = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
                if (count > 0) found.Add($"{poison.Name} holds {count} message(s)");
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Missing poison queues are the storage check's finding.
            }
        }
        return found.Count == 0
            ? DoctorCheck.Ok("poison", "poison queues empty")
            : DoctorCheck.Fail("poison", string.Join("; ", found) + " (revctl poison list, then replay)");
    }

    public async Task<DoctorCheck> GuardAsync(CancellationToken cancellationToken)
    {
        LedgerEntry? last = null;
        await foreach (var entry in store.ReadChainAsync(LedgerChains.System, cancellationToken))
            if (entry.Type == GuardTripped) last = entry;
        if (last is null) return DoctorCheck.Ok("guard", "no sweep guard trip recorded");
        if (last.RecordedAt < time.GetUtcNow() - GuardWindow)
            return DoctorCheck.Ok("guard", $"last sweep guard trip {Output.Time(last.RecordedAt)}, over 24 h ago");
        return DoctorCheck.Warn("guard", $"a sweep guard tripped at {Output.Time(last.RecordedAt)} ({last.Reason}): that sweep revoked nothing; " +
            "review with revctl sweep --dry-run, proceed with revctl sweep --confirm");
    }
}
