namespace Revocation.Providers.Listing;

/// <summary>
/// How long one listing may wait out throttling (429/503 with <c>Retry-After</c>, GitHub's rate-limit headers)
/// before it gives up as incomplete: at most <see cref="MaxWaits"/> waits and <see cref="MaxTotal"/> in all.
/// A listing runs on a timer and is read again next time; parking it for an hour helps no one.
/// </summary>
internal sealed class ListingWaitBudget(TimeProvider time)
{
    /// <summary>Waits per listing: 5.</summary>
    public const int MaxWaits = 5;

    /// <summary>Total wait per listing: 2 min.</summary>
    public static readonly TimeSpan MaxTotal = TimeSpan.FromMinutes(2);

    /// <summary>The wait when the provider names none (a 503 without <c>Retry-After</c>): 10 s.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private int waits;
    private TimeSpan total;

    /// <summary>
    /// Waits as asked and returns true, or returns false (without waiting) when the budget would be exceeded. Safe to
    /// call from concurrent reads of one listing: they draw on the one budget.
    /// </summary>
    public async Task<bool> TryWaitAsync(TimeSpan? asked, CancellationToken cancellationToken)
    {
        var wait = asked ?? DefaultWait;
        lock (_gate)
        {
            if (waits == MaxWaits || total + wait > MaxTotal)
            {
                return false;
            }

            waits++;
            total += wait;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        return true;
    }

    /// <summary>"5 waits, 120 s": for the incomplete reason.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return FormattableString.Invariant($"retry budget spent ({waits} waits, {total.TotalSeconds:0} s of {MaxTotal.TotalSeconds:0} s)");
        }
    }
}
